import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main, USAGE } from '../src/cli.js';
import { generateBroker } from '../src/generate.js';
import { brokerNames, validateBrokerId } from '../src/names.js';

let scratch: string;
beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), 'openalgo-create-broker-unit-'));
});
afterEach(() => rmSync(scratch, { recursive: true, force: true }));

/** Runs the CLI with stdout/stderr captured. */
function cli(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => out.push(String(chunk)) > 0);
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => err.push(String(chunk)) > 0);
  try {
    const code = main(argv, scratch);
    return { code, stdout: out.join(''), stderr: err.join('') };
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
}

describe('broker ids', () => {
  it.each(['ab', 'acme', 'acme-bank', 'a1', 'x-2-y', 'a'.repeat(30)])('accepts %j', (id) => {
    expect(validateBrokerId(id)).toBe(id);
  });

  it.each([
    'a',
    'a'.repeat(31),
    'Acme',
    'acme_bank',
    '1acme',
    '-acme',
    'acme-',
    'acme--bank',
    'acme bank',
    '',
  ])('refuses %j with an error naming it and the rule', (id) => {
    expect(() => validateBrokerId(id)).toThrow(`invalid broker id ${JSON.stringify(id)}: use 2-30 lowercase`);
  });

  it('derives identifiers and a display name from the id', () => {
    expect(brokerNames('acme-bank')).toEqual({
      id: 'acme-bank',
      camel: 'acmeBank',
      Pascal: 'AcmeBank',
      name: 'Acme Bank',
    });
    expect(brokerNames('acme', 'Acme Securities').name).toBe('Acme Securities');
  });

  it('refuses a display name that would break out of its quoted string', () => {
    expect(() => brokerNames('acme', "Acme's")).toThrow(`invalid broker name "Acme's"`);
    expect(() => brokerNames('acme', '  ')).toThrow('invalid broker name');
  });
});

describe('generateBroker', () => {
  it('writes the whole package, placeholders filled, into openalgo-broker-<id>', () => {
    const dir = join(scratch, 'openalgo-broker-acme-bank');
    const result = generateBroker({ id: 'acme-bank', dir });
    expect(result.files).toEqual([
      '.gitignore',
      'README.md',
      'package.json',
      'src/adapter.ts',
      'src/plugin.ts',
      'test/contract.test.ts',
      'test/simulator.ts',
      'tsconfig.json',
      'tsup.config.ts',
      'vitest.config.ts',
    ]);
    const texts = result.files.map((file) => readFileSync(join(dir, file), 'utf8'));
    for (const text of texts) expect(text).not.toMatch(/\{\{\w+\}\}|[Tt]ortoise/);
    const plugin = readFileSync(join(dir, 'src/plugin.ts'), 'utf8');
    expect(plugin).toContain("id: 'acme-bank',");
    expect(plugin).toContain("name: 'Acme Bank',");
    expect(plugin).toContain('export type AcmeBankConfig');
  });

  it('writes a package.json for plain npm: core as a peer on the contract major, the kit as devDependencies', () => {
    const dir = join(scratch, 'pkg');
    generateBroker({ id: 'acme', dir });
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    expect(manifest).toMatchObject({
      name: 'openalgo-broker-acme',
      type: 'module',
      openalgo: { broker: 'acme', contract: 2 },
      keywords: expect.arrayContaining(['openalgo-broker']),
      peerDependencies: { '@openalgo/core': '^1.0.0' },
      scripts: { build: 'tsup', test: 'vitest run' },
    });
    expect(Object.keys(manifest.devDependencies)).toEqual(
      expect.arrayContaining(['@openalgo/core', '@openalgo/sandbox', '@openalgo/testkit', 'vitest', 'tsup']),
    );
    expect(JSON.stringify(manifest)).not.toContain('workspace:');
  });

  it('refuses a non-empty target directory and writes nothing into it', () => {
    const dir = join(scratch, 'taken');
    mkdirSync(dir);
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    expect(() => generateBroker({ id: 'acme', dir })).toThrow(`${dir} is not empty`);
    expect(readdirSync(dir)).toEqual(['notes.txt']);
  });

  it('fills an existing empty directory', () => {
    const dir = join(scratch, 'empty');
    mkdirSync(dir);
    expect(generateBroker({ id: 'acme', dir }).files).toContain('package.json');
  });
});

describe('the create-broker bin', () => {
  it('--help prints the usage and exits 0', () => {
    const result = cli(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(USAGE);
    expect(result.stdout).toContain('npm create @openalgo/broker <id>');
  });

  it('generates into ./openalgo-broker-<id> and prints the next steps', () => {
    const result = cli(['acme', '--name', 'Acme Securities']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('Created openalgo-broker-acme in openalgo-broker-acme (10 files).');
    expect(result.stdout).toContain('cd openalgo-broker-acme\n  npm install\n  npm test');
    expect(readFileSync(join(scratch, 'openalgo-broker-acme', 'src/plugin.ts'), 'utf8')).toContain(
      "name: 'Acme Securities',",
    );
  });

  it('exits 1 with one clear line for a bad id, a missing id or an unknown flag', () => {
    expect(cli(['Acme'])).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('invalid broker id "Acme"'),
    });
    expect(cli([])).toMatchObject({ code: 1, stderr: expect.stringContaining('missing <id>') });
    expect(cli(['acme', '--force'])).toMatchObject({ code: 1, stderr: expect.stringContaining("'--force'") });
    expect(readdirSync(scratch)).toEqual([]);
  });

  it('exits 1 naming the directory when it is not empty', () => {
    mkdirSync(join(scratch, 'here'));
    writeFileSync(join(scratch, 'here', 'x'), '');
    const result = cli(['acme', 'here']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${join(scratch, 'here')} is not empty`);
  });
});
