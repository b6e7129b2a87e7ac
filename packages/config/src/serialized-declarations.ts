import { type FileDeclarations, type ReferenceSite, referenceSites } from './declare-resources.js';
import type { DesiredResource } from './configuration.js';
import type { LoadedFiles } from './load-files.js';
import { createSecretReference } from './secret-reference.js';

/** What a worker thread sends back: plain data, secret values and reference sites included. */
export interface SerializedFiles {
  readonly declarations: readonly {
    readonly projects: FileDeclarations['projects'];
    readonly issues: FileDeclarations['issues'];
    readonly resources: readonly SerializedResource[];
  }[];
  readonly codeFiles: LoadedFiles['codeFiles'];
  readonly yamlFiles: LoadedFiles['yamlFiles'];
}

type SerializedResource = Omit<DesiredResource, 'secrets'> & {
  readonly secrets: readonly { readonly path: readonly (string | number)[]; readonly variable: string; readonly value: string }[];
  readonly sites?: readonly ReferenceSite[];
};

export function serializeFiles(loaded: LoadedFiles): SerializedFiles {
  return {
    codeFiles: loaded.codeFiles,
    yamlFiles: loaded.yamlFiles,
    declarations: loaded.declarations.map((declarations) => ({
      projects: declarations.projects,
      issues: declarations.issues,
      resources: declarations.resources.map((resource) => {
        const sites = referenceSites.get(resource);
        return {
          ...resource,
          secrets: resource.secrets.map((secret) => ({ path: secret.path, variable: secret.variable, value: secret.value })),
          ...(sites === undefined ? {} : { sites }),
        };
      }),
    })),
  };
}

/** The loaded files back from `serializeFiles`'s data, which it takes over (its objects become the resources). */
export function deserializeFiles(serialized: SerializedFiles): LoadedFiles {
  for (const declarations of serialized.declarations) {
    for (const resource of declarations.resources as Mutable<SerializedResource>[]) {
      const { sites, secrets } = resource;
      resource.secrets = secrets.map((secret) => createSecretReference(secret.path, secret.variable, secret.value));
      if (sites === undefined) continue;
      delete resource.sites;
      referenceSites.set(resource, sites);
    }
  }
  return serialized;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
