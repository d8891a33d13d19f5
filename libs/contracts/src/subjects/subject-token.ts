/** One NATS subject token: non-empty, no `.` (separator), `*`/`>` (wildcards) or whitespace. */
const TOKEN = /^[^.*>\s]{1,128}$/;

export function isSubjectToken(value: string): boolean {
  return TOKEN.test(value);
}

/** Throws on a bad token: a subject built from one would silently match or publish to the wrong place. */
export function assertSubjectToken(value: string, role: string): string {
  if (!isSubjectToken(value)) {
    throw new TypeError(`invalid NATS subject token for ${role}: ${JSON.stringify(value)}`);
  }
  return value;
}
