// Writes a standalone broker package from templates/: the adapter, plugin, simulator and contract test
// (the same files as examples/write-an-adapter, which is generated from them), plus package.json and the
// build/test configuration a package outside the workspace needs.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrokerNames, brokerNames } from './names.js';
import { CONTRACT, OPENALGO_RANGE, THIRD_PARTY_VERSIONS } from './versions.js';

/** templates/ sits next to src/ (tests) and dist/ (the published bin) alike. */
export const TEMPLATES_DIR = fileURLToPath(new URL('../templates/', import.meta.url));

/** The template files that make up the broker itself: what examples/write-an-adapter holds. */
export const SOURCE_TEMPLATES = [
  'src/plugin.ts',
  'src/adapter.ts',
  'test/simulator.ts',
  'test/contract.test.ts',
] as const;

export interface GenerateOptions {
  id: string;
  /** Display name for the manifest; defaults to the id in title case. */
  name?: string;
  /** Target directory; defaults to `./openalgo-broker-<id>`. Must not exist or be empty. */
  dir?: string;
}

export interface GenerateResult {
  dir: string;
  packageName: string;
  /** Every written file, relative to `dir`, sorted. */
  files: string[];
}

/** Fills `{{id}}`, `{{camel}}`, `{{Pascal}}` and `{{name}}`; an unknown placeholder is a bug here. */
export function render(template: string, names: BrokerNames): string {
  return template.replace(/\{\{(\w+)\}\}/g, (whole, key: string) => {
    if (!Object.hasOwn(names, key)) throw new Error(`template placeholder ${whole} is unknown`);
    return names[key as keyof BrokerNames];
  });
}

/** Every template as `relative path (without .tmpl) -> rendered text`. */
export function renderTemplates(names: BrokerNames): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir).sort()) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (entry.endsWith('.tmpl')) {
        // npm drops a package's .gitignore when it packs, so that one ships as `gitignore.tmpl`.
        const target = relative(TEMPLATES_DIR, path)
          .slice(0, -'.tmpl'.length)
          .replace(/^gitignore$/, '.gitignore');
        out.set(target.split('\\').join('/'), render(readFileSync(path, 'utf8'), names));
      }
    }
  };
  walk(TEMPLATES_DIR);
  return out;
}

export function packageManifest(names: BrokerNames): Record<string, unknown> {
  return {
    name: `openalgo-broker-${names.id}`,
    version: '0.1.0',
    description: `OpenAlgo TS broker adapter for ${names.name}`,
    keywords: ['openalgo', 'openalgo-broker', names.id],
    license: 'MIT',
    type: 'module',
    engines: { node: '>=20.19' },
    openalgo: { broker: names.id, contract: CONTRACT },
    exports: {
      '.': { types: './dist/plugin.d.ts', import: './dist/plugin.js' },
      './package.json': './package.json',
    },
    main: './dist/plugin.js',
    types: './dist/plugin.d.ts',
    files: ['dist', 'README.md'],
    scripts: {
      build: 'tsup',
      typecheck: 'tsc --noEmit',
      test: 'vitest run',
      prepublishOnly: 'npm run build && npm test',
    },
    peerDependencies: { '@openalgo/core': OPENALGO_RANGE },
    dependencies: { zod: THIRD_PARTY_VERSIONS.zod },
    devDependencies: {
      '@openalgo/core': OPENALGO_RANGE,
      '@openalgo/sandbox': OPENALGO_RANGE,
      '@openalgo/testkit': OPENALGO_RANGE,
      '@types/node': THIRD_PARTY_VERSIONS['@types/node'],
      tsup: THIRD_PARTY_VERSIONS.tsup,
      typescript: THIRD_PARTY_VERSIONS.typescript,
      vitest: THIRD_PARTY_VERSIONS.vitest,
    },
  };
}

/** Throws, naming the directory, when it exists and holds anything: nothing of the author's is overwritten. */
function assertEmptyTarget(dir: string): void {
  if (!existsSync(dir)) return;
  if (!statSync(dir).isDirectory()) throw new Error(`${dir} exists and is not a directory`);
  if (readdirSync(dir).length > 0) {
    throw new Error(`${dir} is not empty: choose a new directory (nothing was written)`);
  }
}

export function generateBroker(options: GenerateOptions): GenerateResult {
  const names = brokerNames(options.id, options.name);
  const dir = options.dir ?? join(process.cwd(), `openalgo-broker-${names.id}`);
  assertEmptyTarget(dir);
  const files = renderTemplates(names);
  files.set('package.json', `${JSON.stringify(packageManifest(names), null, 2)}\n`);
  for (const [path, text] of files) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return { dir, packageName: `openalgo-broker-${names.id}`, files: [...files.keys()].sort() };
}
