// Sums every package's vitest JSON report into one plain "N passed, N failed" line (vitest prints
// none of its own). A package that has a test script but left no report counts as a failure, so a
// crashed or skipped test run can never look green.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const packagesDir = join(root, 'packages');
let passed = 0;
let failed = 0;
let skipped = 0;
const problems = [];

for (const name of readdirSync(packagesDir).sort()) {
  const manifestPath = join(packagesDir, name, 'package.json');
  if (!existsSync(manifestPath)) continue;
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  if (!manifest.scripts?.test) continue;
  const reportPath = join(packagesDir, name, '.vitest-report.json');
  if (!existsSync(reportPath)) {
    problems.push(`${manifest.name}: no test report (its tests did not run to completion)`);
    failed += 1;
    continue;
  }
  const report = JSON.parse(readFileSync(reportPath, 'utf8'));
  const p = report.numPassedTests ?? 0;
  const f = (report.numFailedTests ?? 0) + (report.numFailedTestSuites ?? 0);
  const s = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  if (report.numTotalTests === 0) problems.push(`${manifest.name}: the report holds no tests`);
  console.log(`${manifest.name}: ${p} passed, ${f} failed, ${s} skipped`);
  passed += p;
  failed += f;
  skipped += s;
}

for (const problem of problems) console.log(`problem: ${problem}`);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
