import { execFileSync } from 'node:child_process';
import path from 'node:path';

export interface LintCase {
  /** Path relative to the workspace root; the file need not exist. */
  readonly filePath: string;
  readonly code: string;
}

export interface LintMessage {
  readonly ruleId: string | null;
  readonly message: string;
}

function isLintMessage(value: unknown): value is LintMessage {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return (record['ruleId'] === null || typeof record['ruleId'] === 'string') && typeof record['message'] === 'string';
}

/**
 * Lints every case with the workspace's own eslint.config.mjs, in one child process.
 * `typeChecked` needs every case file to exist on disk (the TypeScript project service reads it).
 */
export function lintCases(workspaceRoot: string, cases: readonly LintCase[], typeChecked: boolean): LintMessage[][] {
  const output = execFileSync(process.execPath, [path.join(__dirname, 'lint-text.runner.mjs')], {
    input: JSON.stringify({ cwd: workspaceRoot, typeChecked, cases }),
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  const parsed: unknown = JSON.parse(output);
  if (!Array.isArray(parsed) || parsed.length !== cases.length) {
    throw new Error(`lint runner returned ${output.slice(0, 200)}`);
  }
  return parsed.map((messages: unknown, index) => {
    if (!Array.isArray(messages) || !messages.every(isLintMessage)) {
      throw new Error(`lint runner returned malformed messages for ${cases[index]?.filePath ?? index}`);
    }
    return messages;
  });
}

/** Rule ids reported for one case, sorted and de-duplicated, for readable assertions. */
export function ruleIds(messages: readonly LintMessage[]): string[] {
  return [...new Set(messages.map((m) => m.ruleId ?? 'fatal-parse-error'))].sort();
}
