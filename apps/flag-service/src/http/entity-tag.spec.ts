import { etagMatches, flagEtag } from './entity-tag';

describe('entity tags', () => {
  it('match quoted, weak, listed, bare and wildcard forms of the same version only', () => {
    const etag = flagEtag(3);
    for (const header of ['"3"', 'W/"3"', '"1", "3"', '3', '*']) expect(etagMatches(header, etag)).toBe(true);
    for (const header of ['"4"', '"33"', '4', '', '"3']) expect(etagMatches(header, etag)).toBe(false);
  });
});
