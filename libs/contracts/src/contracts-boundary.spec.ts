import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

// ARCHITECTURE.md: contracts depends on nothing of ours and nothing of Nest, so every service,
// tool and browser-side consumer can load it. Only zod and node built-ins are allowed.
const ALLOWED = /^(zod|node:[a-z_/]+|\.{1,2}\/.*)$/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('spec.ts') ? [path] : [];
  });
}

describe('contracts boundary', () => {
  it('imports only zod, node built-ins and its own files', () => {
    const files = sourceFiles(__dirname);
    expect(files.length).toBeGreaterThan(20);
    const offenders = files.flatMap((file) => {
      const specifiers = [...readFileSync(file, 'utf8').matchAll(/(?:from|import|require\()\s*['"]([^'"]+)['"]/g)].map((match) => match[1] ?? '');
      return specifiers.filter((specifier) => !ALLOWED.test(specifier)).map((specifier) => `${relative(__dirname, file)} → ${specifier}`);
    });
    expect(offenders).toEqual([]);
  });
});
