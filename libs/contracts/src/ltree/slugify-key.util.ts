import { createHash } from 'node:crypto';
import { MAX_KEY_LENGTH } from './ltree.constants';

// Letters that Unicode decomposition leaves as non-ASCII but that have a conventional ASCII spelling.
const LIGATURES: Readonly<Record<string, string>> = {
  ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', đ: 'd', ð: 'd', ł: 'l', þ: 'th', ħ: 'h', ı: 'i', ŀ: 'l', ŧ: 't',
};

/**
 * A default entity key from a display name: lowercase, accents folded to ASCII, every run of other
 * characters turned into `_`, trimmed, at most 63 characters. Names with nothing left (e.g. `東京`)
 * get `k_` + a hash of the name, so the same name always yields the same key.
 */
export function slugifyKey(name: string): string {
  const folded = name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^ -~]/g, (char) => LIGATURES[char] ?? '_');
  const slug = folded
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, MAX_KEY_LENGTH)
    .replace(/_+$/, '');
  if (slug.length > 0) return slug;
  return `k_${createHash('sha256').update(name, 'utf8').digest('hex').slice(0, 16)}`;
}
