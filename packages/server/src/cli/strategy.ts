import { isOpenAlgoError } from '@openalgo/core';
import pino from 'pino';
import { ensureSandboxAccount } from '../accounts/account-records.js';
import { SANDBOX_BROKER } from '../accounts/broker-catalog.js';
import { ApiError } from '../api/errors.js';
import { configuredHttpUrl } from '../app.js';
import { createServerLogger } from '../logging.js';
import { openServices, type Services } from '../services.js';
import type { StrategyRecord, StrategySymbol } from '../store/types.js';
import { StrategyBook, type StrategyChanges } from '../strategies/strategy-book.js';
import {
  STRATEGY_TYPES,
  type StrategyType,
  TRADING_MODES,
  type TradingMode,
} from '../strategies/strategy-rules.js';
import { COMMON_OPTIONS, configFrom, parse, type Values } from './flags.js';
import { type CliIo, EXIT } from './io.js';

export const STRATEGY_USAGE = `openalgo strategy <create|list|update|activate|deactivate|delete> [options]
  Strategies behind POST /strategy/webhook/<id> (TradingView, Amibroker, Chartink, the Python
  client's Strategy.strategyorder). Works on the data directory, also while the server runs.
  create --name <name> [--type intraday|positional] [--trading-mode LONG|SHORT|BOTH]
         [--start-time HH:MM --end-time HH:MM --squareoff-time HH:MM] (IST; intraday only)
         [--symbol SYMBOL:EXCHANGE:QTY:PRODUCT]... [--inactive] [--account <id>]
                       prints the webhook URL: a secret, anyone holding it can trade the strategy
  list [--account <id>]          every strategy with its webhook URL
  update <id> [--type …] [--trading-mode …] [--start-time … --end-time … --squareoff-time …] [--symbol …]...
                       --symbol replaces the whole list; symbols are checked against the instruments
  activate <id> | deactivate <id> | delete <id>
  --public-url <url>   the address webhooks are posted to (default http://<host>:<port>)`;

const OPTIONS = {
  ...COMMON_OPTIONS,
  host: { type: 'string' },
  port: { type: 'string' },
  'public-url': { type: 'string' },
  account: { type: 'string' },
  name: { type: 'string' },
  type: { type: 'string' },
  'trading-mode': { type: 'string' },
  'start-time': { type: 'string' },
  'end-time': { type: 'string' },
  'squareoff-time': { type: 'string' },
  symbol: { type: 'string', multiple: true },
  inactive: { type: 'boolean' },
} as const;

const ACTIONS = ['create', 'list', 'update', 'activate', 'deactivate', 'delete'] as const;

/** A command-line mistake: the message, then exit 2. */
class StrategyUsageError extends Error {}

function text(values: Values, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}

function oneOf<T extends string>(values: Values, flag: string, allowed: readonly T[]): T | undefined {
  const value = text(values, flag);
  if (value === undefined) return undefined;
  const folded = (
    allowed.every((a) => a === a.toUpperCase()) ? value.toUpperCase() : value.toLowerCase()
  ) as T;
  if (!allowed.includes(folded))
    throw new StrategyUsageError(`--${flag}: must be one of ${allowed.join(', ')}`);
  return folded;
}

/** `SBIN:NSE:10:MIS` → a mapping (the book checks the values against the instrument index). */
export function parseSymbolSpec(spec: string): StrategySymbol {
  const parts = spec.split(':');
  const [symbol, exchange, quantity, product] = parts;
  if (parts.length !== 4 || !symbol || !exchange || !quantity || !product || !/^\d+$/.test(quantity)) {
    throw new StrategyUsageError(
      `--symbol ${spec}: must be SYMBOL:EXCHANGE:QUANTITY:PRODUCT, e.g. SBIN:NSE:10:MIS`,
    );
  }
  return {
    symbol: symbol.trim(),
    exchange: exchange.trim().toUpperCase(),
    quantity: Number(quantity),
    product: product.trim().toUpperCase(),
  };
}

function symbolsOf(values: Values): StrategySymbol[] | undefined {
  const specs = values.symbol;
  return Array.isArray(specs) ? specs.map((s) => parseSymbolSpec(String(s))) : undefined;
}

function idOf(positionals: string[], action: string): number {
  const raw = positionals[1];
  if (raw === undefined || !/^\d{1,12}$/.test(raw)) {
    throw new StrategyUsageError(`${action} needs the strategy's id (see openalgo strategy list)`);
  }
  return Number(raw);
}

function describe(strategy: StrategyRecord, url: string): string {
  const hours =
    strategy.type === 'intraday'
      ? `, ${strategy.startTime}–${strategy.endTime} IST, square-off ${strategy.squareoffTime}`
      : '';
  const symbols =
    strategy.symbols.map((s) => `${s.symbol}:${s.exchange}:${s.quantity}:${s.product}`).join(' ') || 'none';
  return (
    `${String(strategy.id).padStart(4)}  ${strategy.name} (account ${strategy.accountId}, ${strategy.type}, ` +
    `${strategy.tradingMode}${hours}) ${strategy.active ? 'active' : 'INACTIVE'}\n` +
    `      symbols: ${symbols}\n      webhook: ${url}\n`
  );
}

/** The account's instrument index (opening the account), to check symbols against. */
async function instrumentsOf(services: Services, accountId: string) {
  const resolution = await services.accounts.resolveAccount(accountId);
  if (!resolution.ok) {
    throw new StrategyUsageError(
      `cannot check the symbols against account ${accountId}'s instruments: ${resolution.message}`,
    );
  }
  return resolution.account.instruments;
}

/** `openalgo strategy …`: strategy webhooks, on the data directory (the server sees changes at once). */
export async function strategyCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(argv, OPTIONS);
  const action = positionals[0];
  if (values.help || !action || !(ACTIONS as readonly string[]).includes(action)) {
    const asked = Boolean(values.help);
    if (!asked && action) io.stderr.write(`openalgo strategy: unknown action "${action}"\n`);
    (asked ? io.stdout : io.stderr).write(`${STRATEGY_USAGE}\n`);
    return asked ? EXIT.ok : EXIT.usage;
  }
  const config = configFrom(values, io);
  const logger = createServerLogger({
    level: 'warn',
    destination: pino.destination({ dest: 2, sync: true }),
  });
  const services = await openServices(config, { logger, env: io.env });
  try {
    const { store, clock } = services;
    if (config.broker === SANDBOX_BROKER) ensureSandboxAccount(store.accounts, clock.now());
    const base = configuredHttpUrl(config);
    const book = new StrategyBook(store.strategies, clock, (id) => `${base}/strategy/webhook/${id}`);
    const account = text(values, 'account');
    const out = (s: StrategyRecord) => io.stdout.write(describe(s, book.webhookUrl(s.webhookId)));
    if (action === 'list') {
      const all = account ? book.list(account) : store.strategies.list();
      if (all.length === 0) io.stderr.write(`No strategies in ${config.dataDir}.\n`);
      for (const s of all) out(s);
      return EXIT.ok;
    }
    if (action === 'create') {
      const name = text(values, 'name');
      if (!name) throw new StrategyUsageError('create needs --name');
      const owner =
        account ?? store.accounts.list().find((a) => a.broker === config.broker)?.id ?? SANDBOX_BROKER;
      const symbols = symbolsOf(values) ?? [];
      const created = book.create(
        owner,
        {
          name,
          type: oneOf<StrategyType>(values, 'type', STRATEGY_TYPES) ?? 'positional',
          tradingMode: oneOf<TradingMode>(values, 'trading-mode', TRADING_MODES) ?? 'LONG',
          active: values.inactive !== true,
          startTime: text(values, 'start-time'),
          endTime: text(values, 'end-time'),
          squareoffTime: text(values, 'squareoff-time'),
          symbols,
        },
        symbols.length > 0 ? await instrumentsOf(services, owner) : undefined,
      );
      io.stderr.write('Created. The webhook URL is a secret: anyone holding it can trade this strategy.\n');
      out(created);
      return EXIT.ok;
    }
    const id = idOf(positionals, action);
    const existing = store.strategies.get(id);
    if (!existing) throw new StrategyUsageError(`no strategy ${id} in ${config.dataDir}`);
    if (action === 'delete') {
      book.delete(existing.accountId, id);
      io.stdout.write(`Deleted strategy ${id} (${existing.name}); its webhook no longer works.\n`);
      return EXIT.ok;
    }
    const symbols = symbolsOf(values);
    const changes: StrategyChanges =
      action === 'update'
        ? {
            type: oneOf<StrategyType>(values, 'type', STRATEGY_TYPES),
            tradingMode: oneOf<TradingMode>(values, 'trading-mode', TRADING_MODES),
            startTime: text(values, 'start-time'),
            endTime: text(values, 'end-time'),
            squareoffTime: text(values, 'squareoff-time'),
            symbols,
          }
        : { active: action === 'activate' };
    const instruments = symbols?.length ? await instrumentsOf(services, existing.accountId) : undefined;
    out(book.update(existing.accountId, id, changes, instruments));
    return EXIT.ok;
  } catch (error) {
    // The book's refusals (400/404 naming the field) and command-line mistakes are the user's to fix.
    if (error instanceof StrategyUsageError || error instanceof ApiError || isOpenAlgoError(error)) {
      io.stderr.write(`openalgo strategy: ${error.message}\n`);
      return EXIT.usage;
    }
    throw error;
  } finally {
    await services.close();
  }
}
