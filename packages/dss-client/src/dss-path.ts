/**
 * Build a path relative to the API base path, encoding every interpolated identifier with
 * `encodeURIComponent` (contract §4): dssPath`projects/${key}/datasets/${name}`.
 */
export function dssPath(strings: TemplateStringsArray, ...segments: readonly string[]): string {
  let path = strings[0] ?? '';
  segments.forEach((segment, index) => {
    path += encodeURIComponent(segment) + (strings[index + 1] ?? '');
  });
  return path;
}
