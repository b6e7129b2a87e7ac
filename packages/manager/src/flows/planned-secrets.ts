import { InvalidArgumentError } from '@dataiku-iac/models';
import type { Plan } from '@dataiku-iac/plan';

export type SecretValues = (resourceId: string) => readonly { readonly path: readonly (string | number)[]; readonly value: string }[];

/**
 * The secret values a saved plan needs, read from `env` by the variable names the plan recorded:
 * a saved plan is applied without parsing its configuration again.
 * @throws InvalidArgumentError (INVALID_ARGUMENT) naming the variables that are not set, before anything is done
 */
export function plannedSecrets(plan: Plan, env: Readonly<Record<string, string | undefined>>): SecretValues {
  const missing = new Map<string, string>();
  const byResource = new Map<string, { path: readonly (string | number)[]; value: string }[]>();
  for (const action of plan.actions) {
    const values = action.secrets.map((secret) => {
      const value = env[secret.variable];
      if (value === undefined) missing.set(secret.variable, action.resourceId);
      return { path: secret.path, value: value ?? '' };
    });
    byResource.set(action.resourceId, values);
  }
  if (missing.size > 0) {
    const list = [...missing].map(([variable, resourceId]) => `${variable} (for ${resourceId})`).join(', ');
    throw new InvalidArgumentError(`the plan needs secrets that are not set: ${list}`, { hint: 'set them as they were when the plan was made' });
  }
  return (resourceId) => byResource.get(resourceId) ?? [];
}
