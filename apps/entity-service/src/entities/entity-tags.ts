/**
 * ETags of entities: the strong validator `"<version>"`. Every write bumps `version` (a subtree
 * move bumps every entity whose path changed), so equal versions mean equal stored fields.
 */
export function etagFor(version: number): string {
  return `"${version}"`;
}

/**
 * Whether a conditional header (`"3"`, `W/"3"`, a comma list, or `*`) names `version`. Tokens that
 * are not an entity ETag never match, so an If-Match of them fails with 412 instead of being ignored.
 * Weak tags count only under weak comparison (RFC 9110 §8.8.3.2).
 */
function namesVersion(header: string, version: number, comparison: 'strong' | 'weak'): boolean {
  return header.split(',').some((raw) => {
    const tag = raw.trim();
    if (tag === '*') return true;
    const opaque = comparison === 'weak' ? tag.replace(/^W\//, '') : tag;
    return /^"\d{1,10}"$/.test(opaque) && Number(opaque.slice(1, -1)) === version;
  });
}

/** If-Match on PATCH, move and DELETE: strong comparison (RFC 9110 §13.1.1), so `W/"3"` never holds. */
export function ifMatchHolds(header: string, version: number): boolean {
  return namesVersion(header, version, 'strong');
}

/** If-None-Match on GET: weak comparison (RFC 9110 §13.1.2); true means answer 304. */
export function ifNoneMatchHolds(header: string, version: number): boolean {
  return namesVersion(header, version, 'weak');
}
