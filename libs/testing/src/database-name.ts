import { randomBytes } from 'node:crypto';

/**
 * Test database names carry their creation time so leftovers of crashed runs can be recognised
 * and dropped by age: `<kind>_<label>_<8 base36 chars of ms epoch><6 random chars>`.
 */
export const TEST_DATABASE_KIND = 'ft';
export const TEMPLATE_BUILD_KIND = 'ftb';
export const TEMPLATE_KIND = 'ftt';

const STAMP_LENGTH = 8;
const RANDOM_LENGTH = 6;

export function sanitizeLabel(label: string, maxLength: number): string {
  const cleaned = label.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  return cleaned.slice(0, maxLength).replace(/_+$/, '') || 'x';
}

export function randomToken(length: number): string {
  let out = '';
  while (out.length < length) out += randomBytes(8).readBigUInt64BE().toString(36);
  return out.slice(0, length);
}

export function stampedName(kind: string, label: string, now = Date.now()): string {
  const stamp = now.toString(36).padStart(STAMP_LENGTH, '0').slice(-STAMP_LENGTH);
  return `${kind}_${sanitizeLabel(label, 30)}_${stamp}${randomToken(RANDOM_LENGTH)}`;
}

/** Creation time encoded by `stampedName`, or undefined for names this lib did not make. */
export function createdAtOf(name: string, kind: string): number | undefined {
  const match = new RegExp(`^${kind}_[a-z0-9_]+_([0-9a-z]{${STAMP_LENGTH}})[0-9a-z]{${RANDOM_LENGTH}}$`).exec(name);
  const stamp = match?.[1];
  if (stamp === undefined) return undefined;
  const ms = Number.parseInt(stamp, 36);
  return Number.isFinite(ms) ? ms : undefined;
}
