/** Operators that compare the context value with a list (`values`); the others take one `value`. */
export const LIST_OPERATORS: ReadonlySet<string> = new Set(['IN', 'NOT_IN', 'STR_CONTAINS', 'STR_STARTS_WITH', 'STR_ENDS_WITH']);

// Plain decimal notation: what a person types, and what every client parses the same way.
const DECIMAL = /^-?(0|[1-9]\d*)(\.\d+)?$/;
// semver.org's recommended pattern (2.0.0), without a leading "v".
const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;
// RFC 3339 date-time with an explicit offset; the date part is checked again by Date below.
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

export function isDecimalNumber(value: string): boolean {
  return DECIMAL.test(value) && Number.isFinite(Number(value));
}

export function isSemver(value: string): boolean {
  return value.length <= 256 && SEMVER.test(value);
}

export function isDateTime(value: string): boolean {
  return DATE_TIME.test(value) && !Number.isNaN(Date.parse(value)) && validCalendarDate(value);
}

// Date.parse rolls 2026-02-30 over to March; the calendar date must exist as written.
function validCalendarDate(value: string): boolean {
  const [year, month, day] = value.slice(0, 10).split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Why `value` cannot be compared by the single-value `operator`, or undefined when it can. */
export function operatorValueProblem(operator: string, value: string): string | undefined {
  if (operator.startsWith('NUM_')) return isDecimalNumber(value) ? undefined : `${operator} needs a decimal number, e.g. "42" or "-0.5"`;
  if (operator.startsWith('DATE_')) return isDateTime(value) ? undefined : `${operator} needs an RFC 3339 date-time with offset, e.g. "2026-11-22T10:00:00Z"`;
  if (operator.startsWith('SEMVER_')) return isSemver(value) ? undefined : `${operator} needs a semantic version, e.g. "1.2.3" or "2.0.0-beta.1"`;
  return undefined;
}
