/** A flag's ETag: its version, quoted (RFC 9110 strong validator). */
export function flagEtag(version: number): string {
  return `"${version}"`;
}

/**
 * Whether an `If-Match` / `If-None-Match` header names `etag`: a comma list of entity tags, `*`
 * (any current representation), weak tags compared by their opaque part. A bare `3` is accepted
 * for `"3"`, since clients that read `version` from the body tend to send it unquoted.
 */
export function etagMatches(header: string, etag: string): boolean {
  const opaque = etag.replace(/^W\//, '');
  return header.split(',').some((candidate) => {
    const tag = candidate.trim().replace(/^W\//, '');
    return tag === '*' || tag === opaque || `"${tag}"` === opaque;
  });
}
