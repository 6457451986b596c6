import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The files under examples/ at the repository root are what the package READMEs quote, so they run
 * here as a user runs them — `node examples/<name>.mjs` from the root, resolving the workspace
 * packages through the root's dependencies — and cannot rot. They need every package built (turbo
 * builds this package's dependencies, brokers included, before its tests). Nothing here waits on the
 * wall clock: each run ends by itself, and the timeout only catches a hang.
 */
const root = fileURLToPath(new URL('../../../../', import.meta.url));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(args: readonly string[]): Promise<Run> {
  // The nested vitest must not think it is a worker of this one; colour codes would break the regexes.
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.startsWith('VITEST') && key !== 'NODE_OPTIONS'),
  );
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      args,
      { cwd: root, env: { ...env, NO_COLOR: '1', FORCE_COLOR: '0' }, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

describe('examples/', () => {
  it('core-sandbox.mjs places, lists and cancels paper orders and exits 0', async () => {
    const result = await run(['examples/core-sandbox.mjs']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^instruments: [1-9]\d* rows \(download\)$/m);
    expect(result.stdout).toMatch(/^placed MARKET buy: order \d+$/m);
    expect(result.stdout).toMatch(/^order \d+ BUY 10 SBIN MARKET complete$/m);
    expect(result.stdout).toMatch(/^order \d+ BUY 1 SBIN LIMIT open$/m);
    expect(result.stdout).toMatch(/^position SBIN NSE CNC qty 10$/m);
    const resting = /^placed LIMIT buy at [\d.]+: order (\d+)$/m.exec(result.stdout)?.[1];
    expect(result.stdout).toContain(`cancel all: {"cancelled":["${resting}"],"failed":[]}`);
  });

  it('zerodha-simulator.mjs logs in to the Kite simulator, trades, closes everything and exits 0', async () => {
    const result = await run(['examples/zerodha-simulator.mjs']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^logged in as ZS1234$/m);
    expect(result.stdout).toMatch(/^instruments: [1-9]\d* rows \(download\)$/m);
    const placed = /^placed LIMIT buy at [\d.]+: order (\d+)$/m.exec(result.stdout)?.[1];
    expect(placed).toBeDefined();
    expect(result.stdout).toContain(`order ${placed} BUY 1 SBIN LIMIT open`);
    expect(result.stdout).toContain(`order ${placed} is cancelled`);
    expect(result.stdout).toMatch(/^placed MARKET buy: order \d+ is complete$/m);
    expect(result.stdout).toMatch(/^position SBIN NSE CNC qty 5$/m);
    expect(result.stdout).toMatch(
      /^close all: \{"status":"success".*"action":"SELL","quantity":5,"status":"success"/m,
    );
    // The last line: the position is flat again.
    expect(result.stdout.trimEnd().split('\n').at(-1)).toBe('position SBIN NSE CNC qty 0');
  });

  it('write-an-adapter passes the contract suite under its own vitest run', async () => {
    const vitest = `${root}node_modules/vitest/vitest.mjs`;
    const result = await run([vitest, 'run', '--reporter=verbose', '--root', 'examples/write-an-adapter']);
    expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
    const summary = /Tests\s+(\d+) passed \| (\d+) skipped \((\d+)\)/.exec(result.stdout);
    expect(summary, result.stdout).not.toBeNull();
    // The suite ran in earnest: dozens of checks passed, and only capabilities Tortoise does not declare were skipped.
    expect(Number(summary?.[1])).toBeGreaterThanOrEqual(40);
    expect(result.stdout).not.toMatch(/\bfailed\b/);
    expect(result.stdout).toMatch(/skipped: the manifest does not declare getDepth/);
  });

  it('write-an-adapter typechecks', async () => {
    const result = await run([`${root}node_modules/typescript/bin/tsc`, '-p', 'examples/write-an-adapter']);
    expect(result.code, result.stdout).toBe(0);
  });

  it('the READMEs that quote an example quote the file as it is', () => {
    const read = (path: string) => readFileSync(`${root}${path}`, 'utf8');
    const quotes: ReadonlyArray<readonly [readme: string, example: string]> = [
      ['packages/core/README.md', 'examples/core-sandbox.mjs'],
      ['packages/testkit/README.md', 'examples/write-an-adapter/test/contract.test.ts'],
    ];
    for (const [readme, example] of quotes) {
      expect(read(readme), `${readme} quotes ${example}`).toContain(read(example).trimEnd());
    }
  });
});
