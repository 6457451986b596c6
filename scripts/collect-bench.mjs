// Merges the per-benchmark results written by the bench files (`.bench-results/*.json`) into
// `bench-results.json` at the root and prints them as a table. Targets are reported, not enforced.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const dir = join(root, '.bench-results');
if (!existsSync(dir)) {
  console.error('no benchmark results found in .bench-results/ (did `turbo run bench` run?)');
  process.exit(1);
}
const results = {};
for (const file of readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort()) {
  results[file.slice(0, -'.json'.length)] = JSON.parse(readFileSync(join(dir, file), 'utf8'));
}
writeFileSync(join(root, 'bench-results.json'), `${JSON.stringify(results, null, 2)}\n`);

const rows = Object.entries(results).map(([name, r]) => ({
  name,
  value: `${r.value} ${r.unit}`,
  baseline: String(r.baseline),
  ratio: String(r.ratio),
  target: [r.target?.ratio && `ratio ${r.target.ratio}`, r.target?.value].filter(Boolean).join(', '),
}));
const cols = ['name', 'value', 'baseline', 'ratio', 'target'];
const width = Object.fromEntries(cols.map((c) => [c, Math.max(c.length, ...rows.map((r) => r[c].length))]));
const line = (r) => cols.map((c) => r[c].padEnd(width[c])).join('  ');
console.log(line(Object.fromEntries(cols.map((c) => [c, c]))));
for (const r of rows) console.log(line(r));
console.log(`\nwrote bench-results.json (${rows.length} results)`);
