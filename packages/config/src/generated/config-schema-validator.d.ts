import { type ErrorObject } from 'ajv';

/** The configuration schema compiled ahead of time by ajv: see scripts/generate-validator.mjs. */
export declare const validate: ((data: unknown) => boolean) & { errors: ErrorObject[] | null };
