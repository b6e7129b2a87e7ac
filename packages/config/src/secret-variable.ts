import { type JsonValue, parseResourceId } from '@dataiku-iac/models';
import type { KeyPath } from './key-path.js';

/**
 * The environment variable `writeConfiguration` names for a secret: `DSS_<PROJECT_KEY>_<NAME>_<KEY>`
 * (no `<NAME>` for a project's own attributes), upper-cased, every run of other characters than
 * letters and digits turned into one `_`. `<KEY>` is the key holding the secret; for the `value` of
 * a `{name|key, value}` pair, the pair's name (`spark.hadoop.fs.s3a.secret.key` →
 * `SPARK_HADOOP_FS_S3A_SECRET_KEY`); for a list item, the list's key and the index.
 * `writeConfiguration` appends `_2`, `_3`… when two secrets of a project would get the same name.
 */
export function secretVariableName(resourceId: string, path: KeyPath, attributes: JsonValue): string {
  const { projectKey, resourceName } = parseResourceId(resourceId);
  const parts = [projectKey, ...(resourceName === undefined ? [] : [resourceName]), leafLabel(path, attributes)];
  return `DSS_${parts.join('_')}`
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '_')
    .replace(/_+$/, '');
}

function leafLabel(path: KeyPath, attributes: JsonValue): string {
  const last = path.at(-1);
  const parentPath = path.slice(0, -1);
  if (typeof last === 'number') return `${parentPath.findLast((segment) => typeof segment === 'string') ?? 'item'}_${last}`;
  if (last === 'value') {
    const parent = valueAt(attributes, parentPath);
    if (typeof parent === 'object' && parent !== null && !Array.isArray(parent)) {
      const record = parent as Record<string, JsonValue>;
      const name = [record.name, record.key].find((candidate) => typeof candidate === 'string' && candidate !== '');
      if (typeof name === 'string') return name;
    }
  }
  return last ?? 'secret';
}

function valueAt(value: JsonValue, path: KeyPath): JsonValue | undefined {
  let current: JsonValue | undefined = value;
  for (const segment of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string | number, JsonValue>)[segment];
  }
  return current;
}
