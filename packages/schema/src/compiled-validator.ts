import { isTimestamp } from '@dataiku-iac/models';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import stateSchema from './state.schema.json' with { type: 'json' };

let compiled: ValidateFunction | undefined;

/**
 * The state schema compiled once, lazily. `date-time` is RFC 3339 with an optional offset (a naive
 * timestamp means UTC, as the Python implementation writes), checked by the same function that
 * reads timestamps, so validation and parsing cannot disagree.
 */
export function stateValidator(): ValidateFunction {
  if (compiled === undefined) {
    const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
    ajv.addFormat('date-time', { type: 'string', validate: isTimestamp });
    compiled = ajv.compile(stateSchema);
  }
  return compiled;
}

export type { ErrorObject };
