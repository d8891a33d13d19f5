import { createRequire } from 'node:module';
import path from 'node:path';

export type LineFormatter = (line: string) => string;

const COLOURS = [36, 33, 35, 32, 34, 91, 96, 93] as const;

/** `[entity-service] ` padded to `width`, in one of a few ANSI colours when `colour` is on. */
export function servicePrefix(name: string, index: number, width: number, colour: boolean): string {
  const label = `[${name}]`.padEnd(width + 2);
  if (!colour) return `${label} `;
  const code = COLOURS[index % COLOURS.length] ?? 36;
  return `\u001b[${code}m${label}\u001b[0m `;
}

type PrettyFactory = (options: { colorize: boolean; ignore: string; singleLine: boolean }) => (input: string) => string;

function isPrettyModule(value: unknown): value is { prettyFactory: PrettyFactory } {
  // pino-pretty's export is its `build` function, with prettyFactory hung on it.
  return (typeof value === 'function' || (typeof value === 'object' && value !== null)) &&
    typeof (value as { prettyFactory?: unknown }).prettyFactory === 'function';
}

/**
 * pino-pretty is a dev dependency: use it when it is installed, otherwise show the JSON lines as
 * they are. Only pino's JSON lines go through it; anything else (a crash trace) passes untouched.
 */
export function createLineFormatter(root: string, pretty: boolean): LineFormatter {
  if (!pretty) return (line) => line;
  let factory: PrettyFactory;
  try {
    const loaded: unknown = createRequire(path.join(root, 'package.json'))('pino-pretty');
    if (!isPrettyModule(loaded)) return (line) => line;
    factory = loaded.prettyFactory;
  } catch {
    return (line) => line;
  }
  const prettify = factory({ colorize: true, ignore: 'pid,hostname', singleLine: true });
  return (line) => (line.startsWith('{') ? prettify(line).replace(/\n$/, '') : line);
}
