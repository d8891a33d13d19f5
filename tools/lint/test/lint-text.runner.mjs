// Lints in-memory sources with ESLint's Node API in a plain Node process. Jest cannot host it:
// ESLint loads eslint.config.mjs with a dynamic import(), which Jest's VM rejects without
// --experimental-vm-modules. Input on stdin: { cwd, typeChecked, cases: [{ code, filePath }] }
// (filePath relative to cwd). Output on stdout: one array of { ruleId, message } per case, in order.
// The TypeScript project service only parses files that exist on disk; for virtual files inside
// projects we must not write to, typeChecked: false lints with the same config minus type-aware rules.
import path from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const input = JSON.parse(Buffer.concat(chunks).toString('utf8'));

const eslint = new ESLint({
  cwd: input.cwd,
  overrideConfig: input.typeChecked ? [] : [{ files: ['**/*.ts'], ...tseslint.configs.disableTypeChecked }],
});
const results = [];
for (const testCase of input.cases) {
  const [result] = await eslint.lintText(testCase.code, { filePath: path.join(input.cwd, testCase.filePath) });
  results.push((result?.messages ?? []).map((m) => ({ ruleId: m.ruleId, message: m.message })));
}
process.stdout.write(JSON.stringify(results));
