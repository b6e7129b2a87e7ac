import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../canonical-json.js';
import { hasErrorCode } from '../errors/dataiku-iac-error.js';
import type { JsonObject } from '../json.js';
import { DEFAULT_REDACTION_KEY, isRedactionMarker, REDACTION_MARKER_PREFIX, type RedactionContext, redactSecrets, secretMarker } from './redact-secrets.js';

const context = { resourceId: 'dataset.SALES.orders', key: 'team-secret' };

describe('redactSecrets', () => {
  it('replaces values under credential-like keys at any depth with a keyed marker', () => {
    const input = {
      params: { connection: 'pg', password: 'hunter2', nested: [{ apiKey: 'abc123' }], auth: { refresh_token: 42 } },
      clientSecret: { kind: 'json', value: 'x' },
    };
    const output = redactSecrets(input, context);
    const text = JSON.stringify(output);
    for (const secret of ['hunter2', 'abc123', '"value":"x"']) expect(text).not.toContain(secret);
    expect(output.params.connection).toBe('pg');
    expect(isRedactionMarker(output.params.password)).toBe(true);
    expect(isRedactionMarker(output.params.nested[0]?.apiKey)).toBe(true);
    expect(isRedactionMarker(output.params.auth.refresh_token)).toBe(true);
    expect(isRedactionMarker(output.clientSecret)).toBe(true);
    expect(input.params.password).toBe('hunter2');
  });

  it('redacts the value of a name/value pair that names a credential', () => {
    const input = {
      sparkConf: [
        { key: 'spark.hadoop.fs.s3a.secret.key', value: 'aws-secret' },
        { key: 'spark.executor.memory', value: '4g' },
      ],
      properties: [
        { name: 'password', value: 'hunter2', description: 'kept' },
        { name: 'user', value: 'etl' },
        { name: 'accessToken', value: '' },
        { name: 42, value: 'not a name' },
      ],
      value: 'no name beside it',
    };
    const output = redactSecrets(input, context);
    expect(JSON.stringify(output)).not.toMatch(/aws-secret|hunter2/);
    expect(output.sparkConf[0]).toEqual({ key: 'spark.hadoop.fs.s3a.secret.key', value: expect.stringMatching(/^redacted:hmac-sha256:/) as unknown });
    expect(output.sparkConf[1]).toEqual(input.sparkConf[1]);
    expect(output.properties[0]?.description).toBe('kept');
    expect(isRedactionMarker(output.properties[0]?.value)).toBe(true);
    expect(output.properties.slice(1)).toEqual(input.properties.slice(1));
    expect(output.value).toBe('no name beside it');
  });

  it('computes the documented marker', () => {
    const output = redactSecrets({ params: { 'odd key password': 'pw', list: [{ token: 'x' }] } }, context);
    const expected = (path: string, value: unknown): string =>
      `${REDACTION_MARKER_PREFIX}${createHmac('sha256', 'team-secret').update(`dataset.SALES.orders\u0000${path}\u0000${canonicalJson(value)}`).digest('hex').slice(0, 32)}`;
    expect(output.params['odd key password']).toBe(expected('$.params["odd key password"]', 'pw'));
    expect(output.params.list[0]?.token).toBe(expected('$.params.list[0].token', 'x'));
  });

  it('gives, through secretMarker, the marker of a value at a path: what a configured secret is compared with', () => {
    const output = redactSecrets({ params: { password: 'pw', 'odd key password': 'x' } }, context);
    expect(secretMarker('pw', ['params', 'password'], context)).toBe(output.params.password);
    expect(secretMarker('x', ['params', 'odd key password'], context)).toBe(output.params['odd key password']);
    expect(secretMarker('pw', ['params', 'password'], { resourceId: 'dataset.SALES.other', key: 'team-secret' })).not.toBe(output.params.password);
    expect(() => secretMarker('pw', ['p'], { resourceId: 'x', key: '' })).toThrow('the redaction key must not be empty');
  });

  it('changes the marker when the secret, the resource, the path or the key changes', () => {
    const marker = (value: string, options: RedactionContext = context, field = 'password'): unknown =>
      redactSecrets({ [field]: value }, options)[field];
    const base = marker('a');
    expect(marker('a')).toBe(base);
    expect(marker('b')).not.toBe(base);
    expect(marker('a', { ...context, resourceId: 'dataset.SALES.other' })).not.toBe(base);
    expect(marker('a', context, 'pwd')).not.toBe(base);
    expect(marker('a', { ...context, key: 'other-key' })).not.toBe(base);
    expect(marker('a', { resourceId: context.resourceId })).toBe(marker('a', { resourceId: context.resourceId, key: DEFAULT_REDACTION_KEY }));
  });

  it('keeps values that reveal nothing', () => {
    const input = { password: '', secret: null, token: false, apiKey: [], credentials: {} };
    expect(redactSecrets(input, context)).toEqual(input);
    const numbers = redactSecrets({ pwd: 0, secret: [1], credentials: { a: 1 } }, context);
    expect(Object.values(numbers).every(isRedactionMarker)).toBe(true);
  });

  it('is idempotent', () => {
    const once = redactSecrets({ password: 'x', a: [1, 'b', null] }, context);
    expect(redactSecrets(once, context)).toEqual(once);
  });

  it('keeps "__proto__" keys as data without polluting prototypes', () => {
    const input = JSON.parse('{"params": {"__proto__": {"polluted": true, "password": "p"}, "constructor": {"prototype": {"polluted": 1}}}}') as JsonObject;
    const output = redactSecrets(input, context) as { params: Record<string, unknown> };
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.hasOwn(output.params, '__proto__')).toBe(true);
    const proto = Object.getOwnPropertyDescriptor(output.params, '__proto__')?.value as Record<string, unknown>;
    expect(proto.polluted).toBe(true);
    expect(isRedactionMarker(proto.password)).toBe(true);
    expect(Object.getPrototypeOf(output.params)).toBe(Object.prototype);
  });

  it('recognises markers and rejects an empty key', () => {
    expect(isRedactionMarker(`${REDACTION_MARKER_PREFIX}${'a'.repeat(32)}`)).toBe(true);
    expect(isRedactionMarker(`${REDACTION_MARKER_PREFIX}${'a'.repeat(31)}`)).toBe(false);
    expect(isRedactionMarker(42)).toBe(false);
    let error: unknown;
    try {
      redactSecrets({ password: 'x' }, { resourceId: 'r', key: '' });
    } catch (caught) {
      error = caught;
    }
    expect(hasErrorCode(error, 'INVALID_ARGUMENT')).toBe(true);
    expect(redactSecrets('plain', context)).toBe('plain');
  });
});
