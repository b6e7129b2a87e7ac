import { isAbsolute, relative } from 'node:path';

/** `path` relative to `cwd` when it is inside it (`.` for `cwd` itself), otherwise absolute. */
export function displayPath(cwd: string, path: string): string {
  const relation = relative(cwd, path);
  if (relation === '') return '.';
  return relation === '..' || relation.startsWith('../') || relation.startsWith('..\\') || isAbsolute(relation) ? path : relation;
}
