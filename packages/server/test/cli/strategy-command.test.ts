import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run.js';
import { STRATEGY_USAGE } from '../../src/cli/strategy.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import { captureCliIo } from '../helpers/cli-io.js';
import { tempDir } from '../helpers/tmp.js';

/** `openalgo strategy`: creates, lists, changes and deletes strategies in the data directory. */

let dir: string;
let cleanup: () => void;
beforeEach(() => {
  ({ dir, cleanup } = tempDir());
});
afterEach(() => cleanup());

async function cli(...argv: string[]) {
  const { io, stdout, stderr } = captureCliIo({ cwd: dir });
  const code = await runCli(['strategy', ...argv, '--data-dir', 'data', '--log-level', 'silent'], io);
  return { code, stdout: stdout(), stderr: stderr() };
}

function stored() {
  const store = SqliteStore.openDataDir(`${dir}/data`);
  try {
    return store.strategies.list();
  } finally {
    store.close();
  }
}

describe('openalgo strategy', () => {
  it('--help prints its usage; the top-level usage lists it', async () => {
    const { io, stdout } = captureCliIo({ cwd: dir });
    expect(await runCli(['strategy', '--help'], io)).toBe(0);
    expect(stdout()).toBe(`${STRATEGY_USAGE}\n`);
    const top = captureCliIo({ cwd: dir });
    expect(await runCli(['help'], top.io)).toBe(0);
    expect(top.stdout()).toContain('openalgo strategy <create|list|');
  });

  it('create prints the webhook URL once; list shows it again', async () => {
    const created = await cli(
      'create',
      '--name',
      'Trend',
      '--type',
      'intraday',
      '--trading-mode',
      'both',
      '--start-time',
      '09:30',
      '--end-time',
      '15:00',
      '--squareoff-time',
      '15:15',
      '--symbol',
      'SBIN:NSE:5:MIS',
      '--public-url',
      'https://algo.example.in',
    );
    expect(created.stderr).toContain('secret');
    expect(created.code, created.stderr).toBe(0);
    const [strategy] = stored();
    expect(strategy).toMatchObject({
      name: 'Trend',
      accountId: 'sandbox',
      type: 'intraday',
      tradingMode: 'BOTH',
      active: true,
      squareoffTime: '15:15',
      symbols: [{ symbol: 'SBIN', exchange: 'NSE', quantity: 5, product: 'MIS' }],
    });
    const url = `https://algo.example.in/strategy/webhook/${strategy?.webhookId}`;
    expect(created.stdout).toContain(url);
    const listed = await cli('list', '--public-url', 'https://algo.example.in');
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain(url);
    expect(listed.stdout).toContain('SBIN:NSE:5:MIS');
  });

  it('deactivate, activate, update and delete by id', async () => {
    expect((await cli('create', '--name', 'Swing', '--symbol', 'INFY:NSE:2:CNC')).code).toBe(0);
    const id = String(stored()[0]?.id);
    expect((await cli('deactivate', id)).code).toBe(0);
    expect(stored()[0]?.active).toBe(false);
    expect((await cli('activate', id)).code).toBe(0);
    expect(stored()[0]?.active).toBe(true);
    expect((await cli('update', id, '--trading-mode', 'SHORT', '--symbol', 'TCS:NSE:1:CNC')).code).toBe(0);
    expect(stored()[0]).toMatchObject({ tradingMode: 'SHORT', symbols: [{ symbol: 'TCS', quantity: 1 }] });
    const deleted = await cli('delete', id);
    expect(deleted.code).toBe(0);
    expect(stored()).toEqual([]);
  });

  it('refusals exit 2 naming what is wrong, and store nothing', async () => {
    const unknown = await cli('create', '--name', 'Bad symbol', '--symbol', 'NOSUCHSTOCK:NSE:1:MIS');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('symbols.0.symbol');
    const hours = await cli(
      'create',
      ...['--name', 'Bad hours', '--type', 'intraday', '--start-time', '09:00'],
      ...['--end-time', '15:00', '--squareoff-time', '15:15'],
    );
    expect(hours.code).toBe(2);
    expect(hours.stderr).toContain('start_time: must not be before the market opens (09:15)');
    const spec = await cli('create', '--name', 'Bad spec', '--symbol', 'SBIN-NSE');
    expect(spec.code).toBe(2);
    expect(spec.stderr).toContain('SYMBOL:EXCHANGE:QUANTITY:PRODUCT');
    const missing = await cli('delete', '42');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no strategy 42');
    expect(stored()).toEqual([]);
    const action = await cli('explode');
    expect(action.code).toBe(2);
    expect(action.stderr).toContain('unknown action "explode"');
  });
});
