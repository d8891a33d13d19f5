/**
 * ETags of entities: the strong validator `"<version>"`. Every write bumps `version` (a subtree
 * move bumps every entity whose path changed), so equal versions mean equal stored fields.
 */
export function etagFor(version: number): string {
  return `"${version}"`;
}

/**
 * The versions an If-Match / If-None-Match header names: `"3"`, `W/"3"`, a comma list, or `*`
 * (any version). Tokens that are not an entity ETag can never match, so an If-Match of them fails
 * with 412 as RFC 9110 asks, instead of being ignored.
 */
export function matchesVersion(header: string, version: number): boolean {
  return header.split(',').some((raw) => {
    const tag = raw.trim();
    if (tag === '*') return true;
    const opaque = tag.replace(/^W\//, '');
    return /^"\d{1,10}"$/.test(opaque) && Number(opaque.slice(1, -1)) === version;
  });
}
