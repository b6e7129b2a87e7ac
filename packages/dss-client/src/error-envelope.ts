/** The DSS JSON error envelope (contract §2.6). */
export interface ErrorEnvelope {
  readonly errorType: string | undefined;
  readonly message: string | undefined;
  readonly detailedMessage: string | undefined;
}

function stringField(object: Record<string, unknown>, field: string): string | undefined {
  const value = object[field];
  return typeof value === 'string' ? value : undefined;
}

/** The envelope in an error body, or `undefined` when the body is not one (HTML, text, other JSON, cut short). */
export function parseEnvelope(text: string): ErrorEnvelope | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  const record = parsed as Record<string, unknown>;
  const envelope = {
    errorType: stringField(record, 'errorType'),
    message: stringField(record, 'message'),
    detailedMessage: stringField(record, 'detailedMessage'),
  };
  return envelope.errorType === undefined && envelope.message === undefined ? undefined : envelope;
}
