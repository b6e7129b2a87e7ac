import { isJsonObject, type JsonObject, makeResourceId, PROJECT_KEY_PATTERN, RESOURCE_NAME_PATTERN } from '@dataiku-iac/models';

/**
 * The dataset ids a recipe reads and writes, from its attributes in the state's shape
 * (`{role: {items: [{ref}]}}`; `OTHER.name` for another project's dataset). Refs that cannot name a
 * dataset (managed folders, models) are left out.
 */
export function recipeReferences(projectKey: string, attributes: JsonObject): { inputs: string[]; outputs: string[] } {
  return { inputs: refsOf(projectKey, attributes.inputs), outputs: refsOf(projectKey, attributes.outputs) };
}

function refsOf(projectKey: string, roles: unknown): string[] {
  if (!isJsonObject(roles)) return [];
  const ids: string[] = [];
  for (const role of Object.values(roles)) {
    const items = isJsonObject(role) && Array.isArray(role.items) ? role.items : [];
    for (const item of items) {
      const ref = isJsonObject(item) ? item.ref : undefined;
      if (typeof ref !== 'string') continue;
      const parts = ref.split('.');
      const [project, name] = parts.length === 1 ? [projectKey, ref] : parts;
      if (parts.length <= 2 && project !== undefined && name !== undefined && PROJECT_KEY_PATTERN.test(project) && RESOURCE_NAME_PATTERN.test(name)) {
        ids.push(makeResourceId('dataset', project, name));
      }
    }
  }
  return ids;
}
