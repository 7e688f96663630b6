// Adds up the JSON reports each package's vitest run wrote and prints one closing line, so a run
// that executed no test, or lost a package's report, is visible at the end of the log.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

let passed = 0;
let failed = 0;
let skipped = 0;
const missing = [];
// Workspaces: every folder under packages/ and apps/, and bench/ itself.
const workspaces = [...['packages', 'apps'].flatMap((root) => readdirSync(root).map((name) => join(root, name))), 'bench'];
for (const dir of workspaces) {
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  if (!manifest.scripts?.test) continue;
  const report = join(dir, '.vitest-report.json');
  if (!existsSync(report)) {
    missing.push(dir);
    continue;
  }
  const result = JSON.parse(readFileSync(report, 'utf8'));
  passed += result.numPassedTests;
  failed += result.numFailedTests;
  skipped += result.numPendingTests + result.numTodoTests;
}
if (missing.length > 0) console.log(`no test report from: ${missing.join(', ')}`);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exitCode = failed > 0 || missing.length > 0 || passed === 0 ? 1 : 0;
