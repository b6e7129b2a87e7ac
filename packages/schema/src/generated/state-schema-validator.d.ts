import { type ErrorObject } from 'ajv';

/** The state schema compiled ahead of time by ajv (without `format`): see scripts/generate-validator.mjs. */
export declare const validate: ((data: unknown) => boolean) & { errors: ErrorObject[] | null };
