export { compareDeclared, type CompareContext, SENSITIVE } from './compare-declared.js';
export { createPlan, type PlanInput } from './create-plan.js';
export { dependencyOrder } from './dependency-order.js';
export type { DesiredResource, DesiredSecret } from './desired-resource.js';
export { PlanError } from './errors/plan-error.js';
export { parsePlan, planToJson, serializePlan } from './plan-json.js';
export {
  type Plan,
  type PlanAction,
  type PlanActionType,
  PLAN_FORMAT_VERSION,
  type PlannedSecret,
  type PlanConfigurationReference,
  type PlanStateReference,
  type PlanSummary,
} from './plan-types.js';
export { recipeReferences } from './recipe-references.js';
export { type GraphFormat, type GraphOptions, type GraphResource, renderGraph } from './render-graph.js';
export { renderPlan, type RenderOptions } from './render-plan.js';
export { stateReference } from './state-reference.js';
