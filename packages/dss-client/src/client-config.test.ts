import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveConfig } from './client-config.js';

const certFile = fileURLToPath(new URL('./__fixtures__/tls/cert.pem', import.meta.url));
const base = { host: 'https://dss.test', apiKey: 'key', env: {} };
const extraBefore = process.env.NODE_EXTRA_CA_CERTS;

afterEach(() => {
  if (extraBefore === undefined) delete process.env.NODE_EXTRA_CA_CERTS;
  else process.env.NODE_EXTRA_CA_CERTS = extraBefore;
});

describe('TLS settings', () => {
  it("leave Node's defaults alone without caFile or insecure", () => {
    expect(resolveConfig(base).tls).toBeUndefined();
  });

  it("add caFile to Node's CAs (a `ca` option would replace them), and to NODE_EXTRA_CA_CERTS's", () => {
    delete process.env.NODE_EXTRA_CA_CERTS;
    const pem = readFileSync(certFile, 'utf8');
    expect(resolveConfig({ ...base, caFile: certFile }).tls).toEqual({ ca: [...rootCertificates, pem], rejectUnauthorized: true });
    process.env.NODE_EXTRA_CA_CERTS = certFile;
    expect(resolveConfig({ ...base, caFile: certFile }).tls?.ca).toEqual([...rootCertificates, pem, pem]);
    process.env.NODE_EXTRA_CA_CERTS = '/nonexistent/extra.pem'; // Node only warns about it: so do we (silently)
    expect(resolveConfig({ ...base, caFile: certFile }).tls?.ca).toHaveLength(rootCertificates.length + 1);
  });

  it('turn verification off with insecure', () => {
    expect(resolveConfig({ ...base, insecure: true }).tls).toEqual({ rejectUnauthorized: false });
  });
});
