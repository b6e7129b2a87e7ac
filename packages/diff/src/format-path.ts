const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/**
 * Write a path inside a JSON value: identifier-like keys as `.key` (without a leading dot at the
 * start), other keys as `["key"]` with JSON string quoting, array indices as `[2]`. No segments
 * gives `""`, the whole value.
 *
 * @example formatPath(['schema', 'columns', 2, 'type']) // 'schema.columns[2].type'
 * @example formatPath(['params', 'my.key']) // 'params["my.key"]'
 */
export function formatPath(segments: readonly (string | number)[]): string {
  let path = '';
  for (const segment of segments) path = typeof segment === 'number' ? appendIndex(path, segment) : appendKey(path, segment);
  return path;
}

export function appendKey(path: string, key: string): string {
  if (!IDENTIFIER.test(key)) return `${path}[${JSON.stringify(key)}]`;
  return path === '' ? key : `${path}.${key}`;
}

export function appendIndex(path: string, index: number): string {
  return `${path}[${index}]`;
}
