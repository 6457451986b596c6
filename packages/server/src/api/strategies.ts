import { strategyBookOf } from '../strategies/strategy-book.js';
import type { Endpoint } from './endpoint.js';
import { endpointGroup } from './endpoint.js';
import { KeyOnlyRequest } from './schemas/accounts.js';
import {
  CreateStrategyRequest,
  StrategyDeletedResponse,
  StrategyIdRequest,
  StrategyListResponse,
  StrategyResponse,
  strategyView,
  UpdateStrategyRequest,
} from './schemas/strategies.js';

/**
 * Strategies behind `POST /strategy/webhook/<id>` (OpenAlgo manages them on its web pages; here the
 * API and `openalgo strategy` do). Each call works on the strategies of the key's own account.
 */

const define = endpointGroup('Strategies');

const WEBHOOK_NOTE =
  'The answer carries the webhook id and URL: the id is a secret (anyone holding it can trade the strategy), so keep it like an API key.';

export const createStrategy = define({
  path: '/strategy/create',
  summary: 'Create a strategy and its webhook',
  description: `Symbols are checked against the account's instrument index. ${WEBHOOK_NOTE}`,
  request: CreateStrategyRequest,
  response: StrategyResponse,
  example: {
    name: 'Tradingview_SBIN_Trend',
    type: 'intraday',
    trading_mode: 'LONG',
    start_time: '09:30',
    end_time: '15:00',
    squareoff_time: '15:15',
    symbols: [{ symbol: 'SBIN', exchange: 'NSE', quantity: 1, product: 'MIS' }],
  },
  async handle({ input, account, resolver, clock, reply }) {
    const book = strategyBookOf(resolver, clock);
    const created = book.create(
      account.accountId,
      {
        name: input.name,
        type: input.type,
        tradingMode: input.trading_mode,
        active: input.active,
        startTime: input.start_time,
        endTime: input.end_time,
        squareoffTime: input.squareoff_time,
        symbols: input.symbols ?? [],
      },
      account.instruments,
    );
    return reply({
      status: 'success',
      message: `Strategy ${created.name} created`,
      data: strategyView(created, book.webhookUrl),
    });
  },
});

export const listStrategies = define({
  path: '/strategy/list',
  summary: "The account's strategies, with their webhook URLs",
  description: WEBHOOK_NOTE,
  request: KeyOnlyRequest,
  response: StrategyListResponse,
  async handle({ account, resolver, clock, reply }) {
    const book = strategyBookOf(resolver, clock);
    const data = book.list(account.accountId).map((s) => strategyView(s, book.webhookUrl));
    return reply({ status: 'success', data });
  },
});

export const updateStrategy = define({
  path: '/strategy/update',
  summary: 'Activate, deactivate or change a strategy',
  description:
    'Fields not sent keep their value; `symbols`, when sent, replaces the whole list (checked against the instrument index). The name and webhook id never change.',
  request: UpdateStrategyRequest,
  response: StrategyResponse,
  example: { strategy_id: 1, active: false },
  async handle({ input, account, resolver, clock, reply }) {
    const book = strategyBookOf(resolver, clock);
    const updated = book.update(
      account.accountId,
      input.strategy_id,
      {
        type: input.type,
        tradingMode: input.trading_mode,
        active: input.active,
        startTime: input.start_time,
        endTime: input.end_time,
        squareoffTime: input.squareoff_time,
        symbols: input.symbols,
      },
      account.instruments,
    );
    return reply({
      status: 'success',
      message: `Strategy ${updated.name} updated`,
      data: strategyView(updated, book.webhookUrl),
    });
  },
});

export const deleteStrategy = define({
  path: '/strategy/delete',
  summary: 'Delete a strategy; its webhook stops working',
  request: StrategyIdRequest,
  response: StrategyDeletedResponse,
  example: { strategy_id: 1 },
  async handle({ input, account, resolver, clock, reply }) {
    const deleted = strategyBookOf(resolver, clock).delete(account.accountId, input.strategy_id);
    return reply({
      status: 'success',
      message: `Strategy ${deleted.name} deleted`,
      data: { strategy_id: deleted.id },
    });
  },
});

export const STRATEGY_ENDPOINTS: readonly Endpoint[] = [
  createStrategy,
  listStrategies,
  updateStrategy,
  deleteStrategy,
];
