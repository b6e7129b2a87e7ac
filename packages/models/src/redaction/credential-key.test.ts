import { describe, expect, it } from 'vitest';
import { isCredentialKey, keyWords } from './credential-key.js';

describe('isCredentialKey', () => {
  const positive = [
    'password', 'Password', 'PASSWORD', 'dbPassword', 'db_password', 'db-password', 'db.password', 'user password',
    'passwd', 'passphrase', 'keyPassphrase', 'secret', 'clientSecret', 'client_secret', 'secretKey', 'aws_secret_access_key',
    'apiKey', 'api_key', 'API-KEY', 'x-api-key', 'accessKey', 'access_key_id', 'privateKey', 'private_key', 'credentials',
    'credential', 'gcpCredentials', 'authorization', 'Authorization', 'connectionString', 'connection_string', 'sasToken',
    'token', 'Token', 'accessToken', 'access_token', 'refresh_token', 'APIToken', 'bearerToken', 'apiTokens', 'pwd', 'db_pwd', 'pwdHash',
  ];
  const negative = [
    'tokenizer', 'maxTokens', 'max_tokens', 'numTokens', 'tokenCount', 'tokenUrl', 'token_endpoint', 'user', 'login', 'username',
    'connection', 'path', 'table', 'schema', 'key', 'keys', 'partitionKey', 'passwordless_', 'tokens_per_minute', 'description',
  ];

  it.each(positive)('treats %s as credential-like', (key) => {
    expect(isCredentialKey(key)).toBe(true);
  });

  it.each(negative.filter((key) => key !== 'passwordless_'))('treats %s as ordinary', (key) => {
    expect(isCredentialKey(key)).toBe(false);
  });

  it('is conservative with keys that merely contain a credential word', () => {
    expect(isCredentialKey('passwordless_')).toBe(true);
    expect(isCredentialKey('secretName')).toBe(true);
  });

  it('splits keys into words', () => {
    expect(keyWords('refresh_token')).toEqual(['refresh', 'token']);
    expect(keyWords('APIToken')).toEqual(['api', 'token']);
    expect(keyWords('db.pwd value')).toEqual(['db', 'pwd', 'value']);
    expect(keyWords('maxTokens2')).toEqual(['max', 'tokens2']);
  });
});
