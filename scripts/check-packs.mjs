#!/usr/bin/env node
// Checks what npm users would actually install: packs every published @openalgo package with `pnpm pack`
// (the same tarball `pnpm publish` uploads, `workspace:` ranges rewritten) and, offline, checks each one:
//   - publint on the tarball (warnings fail, suggestions are printed);
//   - `attw --profile esm-only` on the tarball (the packages are ESM only; `--no-definitely-typed` so
//     it never looks anything up on the registry);
//   - the file list: package.json, README.md, LICENSE, dist/ with JavaScript and .d.ts, every entry of
//     "files" and every file the exports map and `bin` point at; nothing from src/, test/, bench/ or
//     local tool config;
//   - the manifest: "type": "module", no `require` condition, no `workspace:` range left.
// Needs a build first (turbo runs it after `^build`). Prints `check-packs: OK ...` or one line per problem.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';

const run = promisify(execFile);
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const started = Date.now();
const CONCURRENCY = 3;
const REQUIRED = ['package.json', 'README.md', 'LICENSE'];
const FORBIDDEN = [
  /^(src|test|tests|bench|coverage|node_modules|\.turbo)\//,
  /\.test\.[cm]?[jt]s$/,
  /(^|\/)(tsconfig[^/]*\.json|tsup\.config\.[cm]?[jt]s|vitest[^/]*\.config\.[cm]?[jt]s|biome\.json)$/,
  /(^|\/)\.vitest-report\.json$/,
  /\.tsbuildinfo$/,
];

function publishedPackageDirs() {
  const yaml = readFileSync(join(root, 'pnpm-workspace.yaml'), 'utf8');
  const globs = [...yaml.matchAll(/^\s*-\s*['"]?([^'"\s]+)\/\*['"]?\s*$/gm)].map((m) => m[1]);
  return globs
    .flatMap((dir) => readdirSync(join(root, dir)).map((name) => join(root, dir, name)))
    .filter((dir) => existsSync(join(dir, 'package.json')))
    .filter((dir) => {
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      return !manifest.private && manifest.name?.startsWith('@openalgo/');
    });
}

/** Every file path an exports map (any condition, any depth) or `bin` points at, without the leading `./`. */
function pointedAtFiles(manifest) {
  const paths = [];
  const walk = (value) => {
    if (typeof value === 'string') paths.push(value);
    else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  walk(manifest.exports);
  walk(typeof manifest.bin === 'string' ? { bin: manifest.bin } : manifest.bin);
  for (const field of ['main', 'types', 'module']) if (manifest[field]) paths.push(manifest[field]);
  return [...new Set(paths)].filter((p) => !p.includes('*')).map((p) => p.replace(/^\.\//, ''));
}

function hasRequireCondition(value) {
  if (!value || typeof value !== 'object') return false;
  return Object.entries(value).some(([key, inner]) => key === 'require' || hasRequireCondition(inner));
}

async function checkPackage(dir, scratch) {
  const problems = [];
  const destination = mkdtempSync(join(scratch, 'pack-'));
  await run('pnpm', ['pack', '--pack-destination', destination], { cwd: dir });
  const tarball = join(
    destination,
    readdirSync(destination).find((f) => f.endsWith('.tgz')),
  );
  const { stdout: listing } = await run('tar', ['-tzf', tarball]);
  const files = listing
    .split('\n')
    .filter(Boolean)
    .map((entry) => entry.replace(/^package\//, ''));
  const { stdout: packedManifest } = await run('tar', ['-xzOf', tarball, 'package/package.json']);
  const manifest = JSON.parse(packedManifest);
  const name = manifest.name;

  for (const file of REQUIRED)
    if (!files.includes(file)) problems.push(`${name}: the tarball has no ${file}`);
  if (!files.some((f) => f.startsWith('dist/') && f.endsWith('.js'))) problems.push(`${name}: no dist/*.js`);
  if (!files.some((f) => f.startsWith('dist/') && f.endsWith('.d.ts')))
    problems.push(`${name}: no dist/*.d.ts`);
  // npm skips a `files` entry that does not exist without a word (a guide or SIMULATOR.md gone missing).
  for (const entry of (manifest.files ?? []).filter((f) => !/[*!]/.test(f))) {
    const path = entry.replace(/^\.\//, '').replace(/\/$/, '');
    if (!files.some((f) => f === path || f.startsWith(`${path}/`))) {
      problems.push(`${name}: "files" lists ${entry}, which is not in the tarball (missing on disk?)`);
    }
  }
  for (const file of pointedAtFiles(manifest)) {
    if (!files.includes(file))
      problems.push(`${name}: package.json points at ${file}, which is not in the tarball`);
  }
  const junk = files.filter((file) => FORBIDDEN.some((pattern) => pattern.test(file)));
  if (junk.length > 0) {
    const sample = junk.slice(0, 5).join(', ');
    problems.push(
      `${name}: the tarball ships ${junk.length} source/test/config file(s): ${sample}${junk.length > 5 ? ', ...' : ''}`,
    );
  }
  if (manifest.type !== 'module') problems.push(`${name}: package.json needs "type": "module" (ESM only)`);
  if (hasRequireCondition(manifest.exports))
    problems.push(`${name}: exports has a "require" condition (ESM only)`);
  for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies']) {
    for (const [dep, range] of Object.entries(manifest[field] ?? {})) {
      if (String(range).startsWith('workspace:'))
        problems.push(`${name}: ${field} ${dep} is still "${range}"`);
    }
  }

  const tarballBytes = readFileSync(tarball);
  const lint = await publint({
    pack: {
      tarball: tarballBytes.buffer.slice(
        tarballBytes.byteOffset,
        tarballBytes.byteOffset + tarballBytes.length,
      ),
    },
    level: 'suggestion',
  });
  for (const message of lint.messages) {
    const text = `${name}: publint ${message.type}: ${formatMessage(message, lint.pkg, { color: false }) ?? message.code}`;
    if (message.type === 'suggestion') console.log(`check-packs: ${text}`);
    else problems.push(text);
  }

  const attw = join(root, 'node_modules', '.bin', 'attw');
  try {
    await run(
      attw,
      [tarball, '--profile', 'esm-only', '--no-definitely-typed', '--format', 'ascii', '--no-emoji'],
      {
        cwd: dir,
        env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
      },
    );
  } catch (error) {
    const output = `${error.stdout ?? ''}${error.stderr ?? ''}`.trim().split('\n').slice(0, 30).join('\n  ');
    problems.push(`${name}: attw --profile esm-only failed:\n  ${output}`);
  }
  return { name, version: manifest.version, fileCount: files.length, problems };
}

async function main() {
  const dirs = publishedPackageDirs();
  const missingBuild = dirs.filter((dir) => !existsSync(join(dir, 'dist')));
  if (missingBuild.length > 0) {
    console.error(`check-packs: FAILED: not built (run pnpm -r build): ${missingBuild.join(', ')}`);
    process.exitCode = 1;
    return;
  }
  const scratch = mkdtempSync(join(tmpdir(), 'openalgo-check-packs-'));
  const results = [];
  try {
    const queue = [...dirs];
    const worker = async () => {
      for (let dir = queue.shift(); dir; dir = queue.shift()) {
        try {
          results.push(await checkPackage(dir, scratch));
        } catch (error) {
          results.push({ name: dir, problems: [`${dir}: could not pack or check: ${error.message}`] });
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  const problems = results.flatMap((r) => r.problems);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (problems.length > 0) {
    for (const problem of problems) console.error(`check-packs: ${problem}`);
    console.error(
      `check-packs: FAILED with ${problems.length} problem(s) in ${results.length} packages (${seconds} s)`,
    );
    process.exitCode = 1;
    return;
  }
  const summary = results
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((r) => `${r.name} (${r.fileCount} files)`)
    .join(', ');
  console.log(`check-packs: OK: publint, attw esm-only and file lists pass for ${summary} (${seconds} s)`);
}

await main();
