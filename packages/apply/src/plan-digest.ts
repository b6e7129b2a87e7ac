import { createHash } from 'node:crypto';
import { type Plan, serializePlan } from '@dataiku-iac/plan';

/** sha256 of the plan's saved form: what a journal records to recognise the plan it belongs to. */
export function planDigest(plan: Plan): string {
  return createHash('sha256').update(serializePlan(plan)).digest('hex');
}
