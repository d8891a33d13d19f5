import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { renderTemplate } from './template-renderer';

const TEMPLATE_SUFFIX = '.tmpl';

/**
 * Renders every `*.tmpl` file under `templateDir` into the same relative path under `targetDir`
 * (suffix dropped). The suffix keeps templates out of the compiler, Jest and ESLint globs.
 * Returns the written paths.
 */
export function writeTemplateDirectory(
  templateDir: string,
  targetDir: string,
  values: Readonly<Record<string, string>>,
): string[] {
  const written: string[] = [];
  for (const entry of readdirSync(templateDir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith(TEMPLATE_SUFFIX)) continue;
    const source = path.join(entry.parentPath, entry.name);
    const relative = path.relative(templateDir, source).slice(0, -TEMPLATE_SUFFIX.length);
    const target = path.join(targetDir, relative);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, renderTemplate(readFileSync(source, 'utf8'), values, path.relative(templateDir, source)), {
      flag: 'wx', // never overwrite: an existing file means the service (or part of it) already exists
    });
    written.push(target);
  }
  return written.sort();
}
