/** The media type of a `Content-Type` header, lower case, without parameters (`''` when absent). */
export function mediaType(contentType: string | null): string {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/** JSON, a `+json` type, or no content type at all (DSS sometimes sends none). */
export function isJsonMedia(media: string): boolean {
  return media === '' || media === 'application/json' || media.endsWith('+json');
}
