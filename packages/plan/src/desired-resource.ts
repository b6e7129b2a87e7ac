import type { JsonObject, ResourceType } from '@dataiku-iac/models';

/** A secret a configuration takes from the environment (`${env:NAME}`). */
export interface DesiredSecret {
  /** Where it sits in the resource's attributes. */
  readonly path: readonly (string | number)[];
  /** NAME of `${env:NAME}`. */
  readonly variable: string;
  /** Its value, resolved from the environment; kept in memory only, never in a plan. */
  readonly value: string;
}

/**
 * What a configuration declares about one DSS object (`@dataiku-iac/config` produces these):
 * only the declared attributes, in the state's shape, a secret left as its `${env:NAME}` text.
 */
export interface DesiredResource {
  readonly resourceId: string;
  readonly resourceType: ResourceType;
  readonly attributes: JsonObject;
  readonly secrets: readonly DesiredSecret[];
  /** Resource ids that must exist first (its project; a recipe's inputs and outputs). */
  readonly dependsOn: readonly string[];
}
