// Sums every package's vitest JSON report into one plain "N passed, N failed, N skipped" line (vitest
// prints none of its own). A package that has a test script but left no report counts as a failure, so
// a crashed or skipped test run can never look green.
//
// Each failing test counts once. Vitest's `numFailedTestSuites` is not a second count of failures: a
// failing test also fails every suite around it (its describe blocks and its file), so adding it used
// to turn 4 failing tests into 12. What a suite count does add is a file that failed without any
// failing test (it did not load, or a hook outside every test threw): that counts as one failure. A
// hook that throws in a file which also has failing tests is folded into that file's failures.
//
// Usage: node scripts/test-summary.mjs [packages-dir]   (defaults to the repo's packages/)
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const packagesDir = resolve(process.argv[2] ?? new URL('../packages', import.meta.url).pathname);

/** One package's report reduced to test counts; `problems` explains failures that are not tests. */
function countReport(report) {
  const problems = [];
  let fileFailures = 0;
  for (const file of report.testResults ?? []) {
    if (file.status !== 'failed') continue;
    if ((file.assertionResults ?? []).some((test) => test.status === 'failed')) continue;
    fileFailures += 1;
    problems.push(
      `${file.name} failed outside its tests: ${file.message || 'a hook or the file itself threw'}`,
    );
  }
  return {
    passed: report.numPassedTests ?? 0,
    failed: (report.numFailedTests ?? 0) + fileFailures,
    skipped: (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0),
    problems,
  };
}

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
  const counts = countReport(report);
  if (report.numTotalTests === 0) problems.push(`${manifest.name}: the report holds no tests`);
  for (const problem of counts.problems) problems.push(`${manifest.name}: ${problem}`);
  console.log(
    `${manifest.name}: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`,
  );
  passed += counts.passed;
  failed += counts.failed;
  skipped += counts.skipped;
}

for (const problem of problems) console.log(`problem: ${problem}`);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
