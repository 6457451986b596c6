import {
  type BrokerAdapter,
  type Instrument,
  InstrumentIndex,
  type InstrumentLookup,
  ManualClock,
  noopLogger,
  TradingService,
} from '@openalgo/core';
import type { FakeAdapter } from '@openalgo/core/testing';
import {
  createSandbox,
  DEFAULT_SANDBOX_START,
  SandboxConfigSchema,
  type SandboxInstance,
  SyntheticMarket,
  sandboxPlugin,
  sandboxServices,
} from '@openalgo/sandbox';
import type { AccountContext, AccountResolution, AccountResolver } from '../../../src/accounts/types.js';
import { scriptedBroker } from './scripted-broker.js';

/** Keys as the server issues them: 64 hex characters. */
export const API_KEY = `c0ffee${'0'.repeat(58)}`;
export const OTHER_KEY = `beef${'1'.repeat(60)}`;
export const UNKNOWN_KEY = 'f'.repeat(64);
export const EXPIRED_KEY = 'e'.repeat(64);

/** A resolver over a fixed table, recording analyzer toggles. */
export class TestResolver implements AccountResolver {
  readonly accounts = new Map<string, AccountContext>();
  readonly toggles: Array<{ accountId: string; on: boolean }> = [];
  resolveCount = 0;

  add(key: string, account: AccountContext): this {
    this.accounts.set(key, account);
    return this;
  }

  async resolveApiKey(apiKey: string): Promise<AccountResolution> {
    this.resolveCount++;
    if (apiKey === EXPIRED_KEY) {
      return { ok: false, reason: 'session_expired', message: 'The broker session expired: log in again' };
    }
    const account = this.accounts.get(apiKey);
    return account ? { ok: true, account } : { ok: false, reason: 'invalid_key', message: 'unknown key' };
  }

  async setAnalyzeMode(accountId: string, on: boolean): Promise<void> {
    this.toggles.push({ accountId, on });
    for (const account of this.accounts.values())
      if (account.accountId === accountId) account.analyzeMode = on;
  }

  /** The same resolver without the optional analyzer switch. */
  withoutAnalyzerSwitch(): AccountResolver {
    return { resolveApiKey: (key) => this.resolveApiKey(key) };
  }
}

function instrument(fields: Partial<Instrument> & Pick<Instrument, 'symbol' | 'exchange'>): Instrument {
  return {
    brsymbol: `${fields.symbol}-BR`,
    brexchange: fields.exchange,
    token: fields.symbol,
    name: fields.symbol,
    expiry: '',
    strike: 0,
    lotSize: 1,
    tickSize: 0.05,
    instrumentType: 'EQ',
    ...fields,
  };
}

/** A small master: two equities, NIFTY futures (one already expired on 5 Jan 2026) and options. */
export const FAKE_INSTRUMENTS: readonly Instrument[] = [
  instrument({ symbol: 'SBIN', exchange: 'NSE', name: 'STATE BANK OF INDIA', token: '3045' }),
  instrument({ symbol: 'INFY', exchange: 'NSE', name: 'INFOSYS', token: '1594' }),
  instrument({
    symbol: 'NIFTY30DEC25FUT',
    exchange: 'NFO',
    name: 'NIFTY',
    expiry: '30-DEC-25',
    lotSize: 75,
    instrumentType: 'FUT',
    token: '1001',
  }),
  instrument({
    symbol: 'NIFTY27JAN26FUT',
    exchange: 'NFO',
    name: 'NIFTY',
    expiry: '27-JAN-26',
    lotSize: 75,
    instrumentType: 'FUT',
    token: '1002',
  }),
  instrument({
    symbol: 'NIFTY24FEB26FUT',
    exchange: 'NFO',
    name: 'NIFTY',
    expiry: '24-FEB-26',
    lotSize: 75,
    instrumentType: 'FUT',
    token: '1003',
  }),
  instrument({
    symbol: 'NIFTY13JAN2626000CE',
    exchange: 'NFO',
    name: 'NIFTY',
    expiry: '13-JAN-26',
    strike: 26000,
    lotSize: 75,
    instrumentType: 'CE',
    token: '1004',
  }),
  instrument({
    symbol: 'NIFTY06JAN2626000PE',
    exchange: 'NFO',
    name: 'NIFTY',
    expiry: '06-JAN-26',
    strike: 26000,
    lotSize: 75,
    instrumentType: 'PE',
    token: '1005',
  }),
  instrument({
    symbol: 'NIFTY13JAN2626000PE',
    exchange: 'NFO',
    name: 'NIFTY',
    expiry: '13-JAN-26',
    strike: 26000,
    lotSize: 75,
    instrumentType: 'PE',
    token: '1006',
  }),
];

/** A trading service with deterministic client order ids (COID1, COID2…) and one-lookup reconciliation. */
export function fakeTrading(adapter: BrokerAdapter, clock: ManualClock): TradingService {
  let next = 1;
  return new TradingService({
    adapter,
    clock,
    // One lookup, no sleeps: reconciliation is core's to test; here only its outcome matters.
    reconcile: { attempts: 1, intervalMs: 0 },
    newClientOrderId: () => `COID${next++}`,
  });
}

export interface FakeAccount {
  adapter: FakeAdapter;
  account: AccountContext;
  clock: ManualClock;
}

/** An account over a FakeAdapter, with deterministic client order ids (COID1, COID2…). */
export function fakeAccount(
  options: {
    adapter?: FakeAdapter;
    instruments?: InstrumentLookup;
    accountId?: string;
    clock?: ManualClock;
  } = {},
): FakeAccount {
  const adapter = options.adapter ?? scriptedBroker();
  const clock = options.clock ?? new ManualClock(DEFAULT_SANDBOX_START);
  const trading = fakeTrading(adapter, clock);
  const account: AccountContext = {
    accountId: options.accountId ?? 'fake-account',
    broker: adapter.manifest.id,
    userId: 'FAKEUSER',
    dataAdapter: adapter,
    executionAdapter: adapter,
    trading,
    instruments: options.instruments ?? InstrumentIndex.fromRows(FAKE_INSTRUMENTS, { clock }),
    analyzeMode: false,
    logger: noopLogger,
  };
  return { adapter, account, clock };
}

export interface SandboxAccount {
  sandbox: SandboxInstance;
  account: AccountContext;
  clock: ManualClock;
  close(): Promise<void>;
}

/** An account over the real sandbox broker (paper trading on the synthetic market), ManualClock-driven. */
export async function sandboxAccount(
  options: { accountId?: string; clock?: ManualClock } = {},
): Promise<SandboxAccount> {
  const clock = options.clock ?? new ManualClock(DEFAULT_SANDBOX_START);
  const sandbox = await createSandbox({ clock, config: { scheduler: false } });
  const adapter: BrokerAdapter = sandbox.adapter;
  const account: AccountContext = {
    accountId: options.accountId ?? 'default',
    broker: adapter.manifest.id,
    userId: sandbox.session.userId,
    dataAdapter: adapter,
    executionAdapter: adapter,
    trading: new TradingService({ adapter, clock, reconcile: { attempts: 1, intervalMs: 0 } }),
    instruments: InstrumentIndex.fromRows([...sandbox.instruments.rows()], { clock }),
    analyzeMode: false,
    logger: noopLogger,
  };
  return { sandbox, account, clock, close: () => sandbox.close() };
}

/**
 * An account over the sandbox plugin exactly as the server creates it (`auth().completeLogin()` then
 * `create()`), without createSandbox's test back door, which records (and copies) every call: what
 * a benchmark should measure.
 */
export async function sandboxPluginAccount(options: { clock?: ManualClock } = {}): Promise<{
  account: AccountContext;
  clock: ManualClock;
  close(): Promise<void>;
}> {
  const clock = options.clock ?? new ManualClock(DEFAULT_SANDBOX_START);
  const market = new SyntheticMarket({ clock, seed: 42, logger: noopLogger });
  const config = SandboxConfigSchema.parse({ scheduler: false });
  const runtime = { clock, logger: noopLogger, http: {}, host: sandboxServices({ priceSource: market }) };
  const session = await sandboxPlugin.auth(config, runtime).completeLogin({});
  const instruments = new InstrumentIndex({ clock });
  await instruments.load(market.instruments());
  const adapter = await sandboxPlugin.create({ ...runtime, config, session, instruments });
  const account: AccountContext = {
    accountId: 'default',
    broker: adapter.manifest.id,
    userId: session.userId,
    dataAdapter: adapter,
    executionAdapter: adapter,
    trading: new TradingService({ adapter, clock }),
    instruments,
    analyzeMode: false,
    logger: noopLogger,
  };
  return {
    account,
    clock,
    async close() {
      await adapter.close?.();
      market.close();
    },
  };
}
