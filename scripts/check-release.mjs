#!/usr/bin/env node
// Proves the release policy in docs/releasing.md without publishing anything and without the network:
// runs `changeset version` in a scratch copy of the package manifests and changesets, then checks that
//   1. every published @openalgo package would get the same version (one fixed group, one release);
//   2. every dependency / peer range between @openalgo packages, as pnpm would publish it
//      (`workspace:^` -> `^<version>`), is satisfied by the versions that release would publish;
//   3. the core major maps to this tree's CONTRACT_VERSION in docs/releasing.md, the workspace brokers
//      declare that contract, and every @openalgo range and `"contract"` that docs/releasing.md and
//      testkit's AUTHORING.md tell outside authors to copy fits the release;
//   4. one further minor release (a `minor` changeset on core) keeps all of that true: the same major,
//      the outside author's range still satisfied. This is the case that breaks under changesets'
//      default of bumping every peer dependent by a major.
// Prints one line per problem and `check-release: OK ...` on success; exits 1 on any problem.
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import semver from 'semver';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SCOPE = '@openalgo/';
const RANGE_FIELDS = ['dependencies', 'peerDependencies', 'optionalDependencies'];
const started = Date.now();
const problems = [];

function readJson(file) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** Workspace package directories, relative to a root, read from pnpm-workspace.yaml's `dir/*` globs. */
function packageDirs(base) {
  const yaml = readFileSync(join(base, 'pnpm-workspace.yaml'), 'utf8');
  const globs = [...yaml.matchAll(/^\s*-\s*['"]?([^'"\s]+)\/\*['"]?\s*$/gm)].map((m) => m[1]);
  return globs.flatMap((dir) =>
    existsSync(join(base, dir))
      ? readdirSync(join(base, dir))
          .map((name) => `${dir}/${name}`)
          .filter((rel) => existsSync(join(base, rel, 'package.json')))
      : [],
  );
}

/** Copies only what `changeset version` reads: manifests, the workspace file and .changeset/. */
function makeScratch() {
  const scratch = mkdtempSync(join(tmpdir(), 'openalgo-check-release-'));
  for (const file of ['package.json', 'pnpm-workspace.yaml']) cpSync(join(root, file), join(scratch, file));
  cpSync(join(root, '.changeset'), join(scratch, '.changeset'), { recursive: true });
  for (const rel of packageDirs(root)) {
    mkdirSync(join(scratch, rel), { recursive: true });
    cpSync(join(root, rel, 'package.json'), join(scratch, rel, 'package.json'));
  }
  // The changelog generator is resolved from the scratch root; borrow the repo's installed tools.
  symlinkSync(join(root, 'node_modules'), join(scratch, 'node_modules'), 'dir');
  return scratch;
}

function changesetVersion(scratch) {
  const bin = join(root, 'node_modules', '.bin', 'changeset');
  try {
    execFileSync(bin, ['version'], { cwd: scratch, stdio: 'pipe', env: { ...process.env, CI: 'true' } });
  } catch (error) {
    const output = `${error.stdout ?? ''}${error.stderr ?? ''}`.trim();
    throw new Error(`changeset version failed in the scratch copy:\n${output}`);
  }
}

/** The published @openalgo packages of a tree: name -> { version, manifest }. */
function publishedPackages(base) {
  const found = new Map();
  for (const rel of packageDirs(base)) {
    const manifest = readJson(join(base, rel, 'package.json'));
    if (!manifest.private && manifest.name?.startsWith(SCOPE)) found.set(manifest.name, { rel, manifest });
  }
  return found;
}

/** The range pnpm writes into the published manifest for a `workspace:` range. */
function publishedRange(range, targetVersion) {
  if (!range.startsWith('workspace:')) return range;
  const spec = range.slice('workspace:'.length);
  if (spec === '*') return targetVersion;
  if (spec === '^' || spec === '~') return `${spec}${targetVersion}`;
  return spec;
}

function contractVersion() {
  const source = readFileSync(join(root, 'packages/core/src/contract/version.ts'), 'utf8');
  const match = source.match(/export const CONTRACT_VERSION\s*=\s*(\d+)/);
  if (!match) throw new Error('cannot read CONTRACT_VERSION from packages/core/src/contract/version.ts');
  return Number(match[1]);
}

// The documents that tell outside adapter authors which ranges and contract to declare.
const AUTHOR_DOCS = ['docs/releasing.md', 'packages/testkit/AUTHORING.md'];

/**
 * docs/releasing.md's `| <major>.x | <contract> |` table, plus every `"@openalgo/<name>": "<range>"` and
 * `"contract": <n>` inside the code blocks of the outside-author docs (prose such as `workspace:^` is not
 * advice to copy, so only fenced blocks count).
 */
function releasePolicyDoc() {
  const text = readFileSync(join(root, 'docs/releasing.md'), 'utf8');
  const contractOfMajor = new Map(
    [...text.matchAll(/^\|\s*`?(\d+)\.x`?\s*\|\s*`?(\d+)`?\s*\|/gm)].map((m) => [Number(m[1]), Number(m[2])]),
  );
  const outsideRanges = [];
  const shownContracts = [];
  for (const doc of AUTHOR_DOCS.filter((file) => existsSync(join(root, file)))) {
    const blocks = [...readFileSync(join(root, doc), 'utf8').matchAll(/```[a-z]*\n([\s\S]*?)```/g)].map(
      (m) => m[1],
    );
    for (const block of blocks) {
      for (const m of block.matchAll(/"(@openalgo\/[a-z0-9-]+)":\s*"([^"]+)"/g)) {
        if (!m[2].startsWith('workspace:')) outsideRanges.push({ doc, name: m[1], range: m[2] });
      }
      for (const m of block.matchAll(/"contract":\s*(\d+)/g))
        shownContracts.push({ doc, contract: Number(m[1]) });
    }
  }
  return { contractOfMajor, outsideRanges, shownContracts };
}

/** Checks one would-be release; returns its single version (or undefined when there is none). */
function checkRelease(label, packages, policy, contract) {
  const versions = new Set([...packages.values()].map((p) => p.manifest.version));
  if (versions.size !== 1) {
    const list = [...packages].map(([name, p]) => `${name}@${p.manifest.version}`).join(', ');
    problems.push(`${label}: the packages would not move together (one fixed group expected): ${list}`);
  }
  const coreVersion = packages.get(`${SCOPE}core`)?.manifest.version;
  if (!coreVersion) {
    problems.push(`${label}: @openalgo/core is not among the published packages`);
    return undefined;
  }
  for (const [name, { manifest }] of packages) {
    for (const field of RANGE_FIELDS) {
      for (const [dep, range] of Object.entries(manifest[field] ?? {})) {
        if (!dep.startsWith(SCOPE)) continue;
        const target = packages.get(dep);
        if (!target) {
          problems.push(`${label}: ${name} ${field} names ${dep}, which this release does not publish`);
          continue;
        }
        const published = publishedRange(range, target.manifest.version);
        if (!semver.satisfies(target.manifest.version, published)) {
          problems.push(
            `${label}: ${name} ${field} "${dep}": "${published}" does not accept ${dep}@${target.manifest.version}`,
          );
        }
      }
    }
    const declared = manifest.openalgo?.contract;
    if (declared !== undefined && declared !== contract) {
      problems.push(
        `${label}: ${name} declares openalgo.contract ${declared}, core's CONTRACT_VERSION is ${contract}`,
      );
    }
  }
  const major = semver.major(coreVersion);
  const mapped = policy.contractOfMajor.get(major);
  if (mapped === undefined) {
    problems.push(
      `${label}: core ${coreVersion} is a new major; add the row "| ${major}.x | ${contract} |" to docs/releasing.md ` +
        '(a major release is only for a CONTRACT_VERSION change)',
    );
  } else if (mapped !== contract) {
    problems.push(
      `${label}: docs/releasing.md maps core ${major}.x to contract ${mapped}, but CONTRACT_VERSION is ${contract}: ` +
        'a contract change needs a major changeset and a new row',
    );
  }
  if (!policy.outsideRanges.some((r) => r.name === `${SCOPE}core`)) {
    problems.push(`${label}: docs/releasing.md shows outside authors no "@openalgo/core": "<range>" to copy`);
  }
  for (const { doc, name, range } of policy.outsideRanges) {
    const target = packages.get(name)?.manifest.version;
    if (!target)
      problems.push(`${label}: ${doc} tells outside authors to use ${name}, which is not published`);
    else if (!semver.validRange(range) || !semver.satisfies(target, range)) {
      problems.push(
        `${label}: ${doc} tells outside authors "${name}": "${range}", which rejects ${name}@${target}`,
      );
    }
  }
  for (const { doc, contract: shown } of policy.shownContracts) {
    if (shown !== contract) {
      problems.push(`${label}: ${doc} shows "contract": ${shown}, but CONTRACT_VERSION is ${contract}`);
    }
  }
  return coreVersion;
}

let scratch;
try {
  const contract = contractVersion();
  const policy = releasePolicyDoc();
  scratch = makeScratch();

  changesetVersion(scratch);
  const next = checkRelease('next release', publishedPackages(scratch), policy, contract);

  // A following minor release: the peer ranges and the outside author's range must keep holding.
  writeFileSync(
    join(scratch, '.changeset', 'check-release-following-minor.md'),
    '---\n"@openalgo/core": minor\n---\n\nA following minor release (check-release only).\n',
  );
  changesetVersion(scratch);
  const following = checkRelease('following minor release', publishedPackages(scratch), policy, contract);
  if (next && following && semver.major(next) !== semver.major(following)) {
    problems.push(
      `following minor release: a minor changeset on core moved the major (${next} -> ${following})`,
    );
  }

  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (problems.length > 0) {
    for (const problem of problems) console.error(`check-release: ${problem}`);
    console.error(`check-release: FAILED with ${problems.length} problem(s) (${seconds} s)`);
    process.exitCode = 1;
  } else {
    const count = publishedPackages(scratch).size;
    console.log(
      `check-release: OK: the next release publishes ${count} packages at ${next} (contract ${contract}); ` +
        `a following minor (${following}) keeps every @openalgo range and ` +
        `the ${policy.outsideRanges.length} ranges the author docs show ` +
        `satisfied (${seconds} s)`,
    );
  }
} catch (error) {
  console.error(`check-release: FAILED: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
}
