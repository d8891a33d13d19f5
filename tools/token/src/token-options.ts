import { parseArgs } from 'node:util';
import { z } from 'zod';
import { roleSchema, type Role } from '@forecastin/contracts';

export interface TokenOptions {
  readonly roles: Role[];
  readonly workspaceId: string;
  readonly sub: string;
  readonly ttlSeconds: number;
}

const UNITS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** `90`, `90s`, `30m`, `1h`, `7d` → seconds; at most 30 days, since a dev token should not live forever. */
export function parseTtl(value: string): number {
  const match = /^(\d+)([smhd]?)$/.exec(value.trim());
  const seconds = match ? Number(match[1]) * (UNITS[match[2] || 's'] ?? 1) : NaN;
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > 30 * 86_400) throw new Error(`--ttl ${value}: use e.g. 90s, 30m, 1h, 7d (at most 30d)`);
  return seconds;
}

const optionsSchema = z.object({
  roles: z.array(roleSchema).min(1),
  workspace: z.uuid({ error: '--workspace must be a uuid' }),
  sub: z.string().min(1).max(256),
});

/** Parses `--roles admin,analyst --workspace <uuid> [--sub <id>] [--ttl 1h]`; throws with a usage hint on a mistake. */
export function parseTokenOptions(argv: readonly string[]): TokenOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      roles: { type: 'string', default: 'viewer' },
      workspace: { type: 'string' },
      sub: { type: 'string', default: 'dev-user' },
      ttl: { type: 'string', default: '1h' },
    },
    strict: true,
  });
  const parsed = optionsSchema.safeParse({
    roles: (values.roles ?? '').split(',').map((role) => role.trim()).filter((role) => role.length > 0),
    workspace: values.workspace,
    sub: values.sub,
  });
  if (!parsed.success) throw new Error(parsed.error.issues.map((issue) => `${issue.path.join('.') || 'options'}: ${issue.message}`).join('; '));
  return { roles: parsed.data.roles, workspaceId: parsed.data.workspace, sub: parsed.data.sub, ttlSeconds: parseTtl(values.ttl ?? '1h') };
}
