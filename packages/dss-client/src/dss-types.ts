import type { JsonObject } from '@dataiku-iac/models';

/**
 * `GET /projects/{k}/metadata` (contract §3.1): `label` (display name), `description`, `shortDesc`,
 * `tags`, `checklists`, `custom`… Fields other than those checked are passed through untouched.
 */
export type ProjectMetadata = JsonObject;

/** `GET /projects/{k}/settings`: `{settings: {codeEnvs, container, cluster…}, exposedObjects, metrics…}`. */
export type ProjectSettings = JsonObject;

/** `GET /projects/{k}/variables/`. */
export interface ProjectVariables {
  readonly standard: JsonObject;
  readonly local: JsonObject;
}

/** `GET /projects/{k}/datasets/{d}`: checked to have string `name` and `type`. */
export type DatasetDefinition = JsonObject & { readonly name: string; readonly type: string };

/** The `recipe` part of a recipe document: checked to have string `name` and `type`. */
export type RecipeDefinition = JsonObject & { readonly name: string; readonly type: string };

/** `GET /projects/{k}/recipes/{r}`: the definition and the payload (code, or JSON text for visual recipes). */
export interface RecipeDocument {
  readonly recipe: RecipeDefinition;
  readonly payload?: string | null;
}

/** Body of `POST /projects/` (contract §3.1). */
export interface ProjectCreation {
  readonly projectKey: string;
  readonly name: string;
  readonly owner: string;
  readonly description?: string;
  readonly tags?: readonly string[];
}

/** Body of `POST /projects/{k}/datasets/`: at least `name` and `type`; `projectKey` is filled in. */
export type DatasetCreation = JsonObject & { readonly name: string; readonly type: string };

/** `recipePrototype` of `POST /projects/{k}/recipes/`: at least `type` and `name`; `projectKey` is filled in. */
export type RecipePrototype = JsonObject & { readonly type: string; readonly name: string };
