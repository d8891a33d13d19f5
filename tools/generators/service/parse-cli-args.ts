import { parseArgs } from 'node:util';
import { serviceOptionsSchema, type ServiceOptions } from './service-options.schema';

export const USAGE =
  'usage: npm run generate:service -- <name> --port <n> --scope <scope> ' +
  '[--deps postgres,redis,nats] [--schema <schema>] [--description "<what it owns>"] [--out <workspace root>] [--skip-install]';

export interface CliInvocation {
  readonly options: ServiceOptions;
  /** Workspace root to write into; the real one unless a test points it at a scratch copy. */
  readonly out: string | undefined;
  readonly skipInstall: boolean;
}

/** Thrown with every problem in the command line at once. */
export class CliUsageError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`${problems.map((problem) => `  - ${problem}`).join('\n')}\n${USAGE}`);
    this.name = 'CliUsageError';
  }
}

export function parseCliArgs(argv: readonly string[]): CliInvocation {
  let parsed: ReturnType<typeof parseRaw>;
  try {
    parsed = parseRaw(argv);
  } catch (error: unknown) {
    throw new CliUsageError([error instanceof Error ? error.message : String(error)]);
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) {
    throw new CliUsageError([`expected exactly one service name, got ${positionals.length}`]);
  }
  const deps = (values.deps ?? '')
    .split(',')
    .map((dep) => dep.trim())
    .filter((dep) => dep.length > 0);
  const result = serviceOptionsSchema.safeParse({
    name: positionals[0],
    port: values.port,
    scope: values.scope,
    dependencies: deps,
    schema: values.schema ?? null,
    description: values.description,
  });
  if (!result.success) {
    throw new CliUsageError(
      result.error.issues.map((issue) => `${issue.path.join('.') || 'options'}: ${issue.message}`),
    );
  }
  return { options: result.data, out: values.out, skipInstall: values['skip-install'] ?? false };
}

function parseRaw(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      port: { type: 'string' },
      scope: { type: 'string' },
      deps: { type: 'string' },
      schema: { type: 'string' },
      description: { type: 'string' },
      out: { type: 'string' },
      'skip-install': { type: 'boolean' },
    },
  });
}
