export { CODE_RECIPE_TYPES, payloadAttribute } from './recipe-payload.js';
export { RecipeSync } from './recipe-sync.js';
