import { etagFor, ifMatchHolds, ifNoneMatchHolds } from './entity-tags';

describe('entity ETags and conditional headers (RFC 9110 §13.1)', () => {
  it('is the strong validator "<version>"', () => {
    expect(etagFor(7)).toBe('"7"');
  });

  it('If-Match compares strongly: a weak tag never matches, a list or * does', () => {
    expect(ifMatchHolds('"3"', 3)).toBe(true);
    expect(ifMatchHolds('"1", "3"', 3)).toBe(true);
    expect(ifMatchHolds('*', 3)).toBe(true);
    expect(ifMatchHolds('W/"3"', 3)).toBe(false);
    expect(ifMatchHolds('"4"', 3)).toBe(false);
  });

  it('If-None-Match compares weakly: W/"n" matches version n', () => {
    expect(ifNoneMatchHolds('W/"3"', 3)).toBe(true);
    expect(ifNoneMatchHolds('"3"', 3)).toBe(true);
    expect(ifNoneMatchHolds('*', 3)).toBe(true);
    expect(ifNoneMatchHolds('"2", W/"4"', 3)).toBe(false);
  });

  it('never matches garbage, empty headers or numbers beyond any version', () => {
    for (const header of ['', 'garbage', 'W/', '"', '""', '"3', '3', '"99999999999"', '"-3"', '"3.0"', '"\u00ff"', ',,,']) {
      expect(ifMatchHolds(header, 3)).toBe(false);
      expect(ifNoneMatchHolds(header, 3)).toBe(false);
    }
  });
});
