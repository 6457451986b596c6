// The templates are the one home of the broker skeleton: examples/write-an-adapter's src/ and test/ are
// generated from them (`pnpm build && pnpm sync-example`), and what a generated package pins must stay
// what the workspace itself builds and tests with.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderTemplates, SOURCE_TEMPLATES } from '../src/generate.js';
import { brokerNames } from '../src/names.js';
import { CONTRACT, OPENALGO_RANGE, THIRD_PARTY_VERSIONS } from '../src/versions.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const example = join(root, 'examples', 'write-an-adapter');

describe('one home', () => {
  it.each(SOURCE_TEMPLATES)('examples/write-an-adapter/%s is the template rendered for Tortoise', (path) => {
    const rendered = renderTemplates(brokerNames('tortoise', 'Tortoise Securities (fictional)'));
    expect(
      readFileSync(join(example, path), 'utf8'),
      'run `pnpm build && pnpm sync-example` in packages/create-broker',
    ).toBe(rendered.get(path));
  });

  it('the example holds no other source file the templates lack', () => {
    const files = ['src', 'test'].flatMap((dir) => readdirSync(join(example, dir)).map((f) => `${dir}/${f}`));
    expect(files.sort()).toEqual([...SOURCE_TEMPLATES].sort());
  });

  it('every pinned third-party version is the one the workspace uses', () => {
    const used = new Map<string, Set<string>>();
    const manifests = [join(root, 'package.json')].concat(
      readdirSync(join(root, 'packages')).map((dir) => join(root, 'packages', dir, 'package.json')),
    );
    for (const file of manifests) {
      let manifest: Record<string, Record<string, string> | undefined>;
      try {
        manifest = JSON.parse(readFileSync(file, 'utf8'));
      } catch {
        continue; // a directory without a manifest is not a package
      }
      for (const field of ['dependencies', 'devDependencies'] as const) {
        for (const [name, version] of Object.entries(manifest[field] ?? {})) {
          used.set(name, (used.get(name) ?? new Set()).add(version));
        }
      }
    }
    for (const [name, version] of Object.entries(THIRD_PARTY_VERSIONS)) {
      expect([...(used.get(name) ?? [])], name).toEqual([version]);
    }
  });

  it("the contract and @openalgo range are core's CONTRACT_VERSION and docs/releasing.md's", () => {
    const source = readFileSync(join(root, 'packages/core/src/contract/version.ts'), 'utf8');
    expect(source).toContain(`export const CONTRACT_VERSION = ${CONTRACT};`);
    const releasing = readFileSync(join(root, 'docs/releasing.md'), 'utf8');
    expect(releasing).toContain(`"@openalgo/core": "${OPENALGO_RANGE}"`);
    expect(releasing).toContain(`"contract": ${CONTRACT} }`);
  });
});
