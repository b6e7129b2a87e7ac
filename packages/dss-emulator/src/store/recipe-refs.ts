import { deepCopy, isJsonObject, type JsonObject } from '../json.js';

/** Every `ref` of the recipe's input and output roles. */
export function recipeRefs(recipe: JsonObject, side: 'inputs' | 'outputs'): string[] {
  const roles = recipe[side];
  if (!isJsonObject(roles)) return [];
  return Object.values(roles).flatMap((role) => {
    const items = isJsonObject(role) && Array.isArray(role.items) ? role.items : [];
    return items.flatMap((item) => (isJsonObject(item) && typeof item.ref === 'string' ? [item.ref] : []));
  });
}

/** A copy of the recipe whose input and output refs equal to `from` read `to`; undefined when none does. */
export function withRenamedRef(recipe: JsonObject, from: string, to: string): JsonObject | undefined {
  if (![...recipeRefs(recipe, 'inputs'), ...recipeRefs(recipe, 'outputs')].includes(from)) return undefined;
  const next = deepCopy(recipe);
  for (const side of ['inputs', 'outputs'] as const) {
    const roles = next[side];
    if (!isJsonObject(roles)) continue;
    for (const role of Object.values(roles)) {
      const items = isJsonObject(role) && Array.isArray(role.items) ? role.items : [];
      for (const item of items) if (isJsonObject(item) && item.ref === from) item.ref = to;
    }
  }
  return next;
}
