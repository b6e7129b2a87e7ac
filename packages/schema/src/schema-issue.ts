/** One problem found in a state document. */
export interface SchemaIssue {
  /** JSON pointer (RFC 6901) to the offending value; "" is the whole document. */
  readonly pointer: string;
  readonly message: string;
}

/** `/resources/project.P/metadata/checksum: must be 64 lower-case hex characters` */
export function formatIssue(issue: SchemaIssue): string {
  return `${issue.pointer === '' ? '(root)' : issue.pointer}: ${issue.message}`;
}

export function toPointer(segments: readonly (string | number)[]): string {
  return segments.map((segment) => `/${String(segment).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');
}
