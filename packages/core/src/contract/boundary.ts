import { z } from 'zod';
import {
  BrokerError,
  isOpenAlgoError,
  NotSupportedError,
  SessionExpiredError,
} from '../errors/openalgo-error.js';
import { GttModifyRequestSchema, GttRequestSchema } from '../model/gtt.js';
import type { Instrument } from '../model/instrument.js';
import { HistoryRequestSchema } from '../model/market.js';
import { NonEmptyStringSchema } from '../model/numbers.js';
import { InstrumentRefSchema, ModifyRequestSchema, TaggedOrderRequestSchema } from '../model/order.js';
import { isSessionExpired, type Session } from '../model/session.js';
import { parseOnce, parseOrThrow } from '../model/validation.js';
import { INSTRUMENT_BATCHES, type InstrumentBatches, offersBatches } from '../symbols/instrument-index.js';
import type { Clock } from '../time/clock.js';
import { toIstIso } from '../time/ist.js';
import { type AdapterImplementation, type BrokerAdapter, MarginLegSchema } from './adapter.js';
import { ADAPTER_METHODS, CAPABILITY_NAMES, type CapabilityName, supports } from './capabilities.js';
import type { BrokerManifest } from './manifest.js';

export interface BoundaryContext {
  manifest: BrokerManifest;
  /** The logged-in session; calls after its `expiresAt` are refused with SESSION_EXPIRED. */
  session?: Session;
  clock: Clock;
}

const OrderIdSchema = z.object({ orderId: NonEmptyStringSchema });
const TriggerIdSchema = z.object({ triggerId: NonEmptyStringSchema });
const InstrumentRefListSchema = z.array(InstrumentRefSchema, { error: 'must be a list of instruments' });
const MarginLegListSchema = z.array(MarginLegSchema, { error: 'must be a list of margin legs' });

/** How each method's first argument is checked at the boundary; methods without one take no input. */
const INPUT_PARSERS: Partial<Record<CapabilityName, (input: unknown) => unknown>> = {
  placeOrder: (input) => parseOnce(TaggedOrderRequestSchema, input, 'order'),
  modifyOrder: (input) => parseOnce(ModifyRequestSchema, input, 'modify request'),
  cancelOrder: (orderId) => parseOrThrow(OrderIdSchema, { orderId }, 'order id').orderId,
  getOrder: (orderId) => parseOrThrow(OrderIdSchema, { orderId }, 'order id').orderId,
  getQuotes: (refs) => parseOnce(InstrumentRefListSchema, refs, 'instruments'),
  getDepth: (ref) => parseOnce(InstrumentRefSchema, ref, 'instrument'),
  getHistory: (request) => parseOnce(HistoryRequestSchema, request, 'history request'),
  getMargin: (legs) => parseOnce(MarginLegListSchema, legs, 'margin legs'),
  placeGtt: (input) => parseOnce(GttRequestSchema, input, 'GTT'),
  modifyGtt: (input) => parseOnce(GttModifyRequestSchema, input, 'GTT modify request'),
  cancelGtt: (triggerId) => parseOrThrow(TriggerIdSchema, { triggerId }, 'trigger id').triggerId,
};

/** Adapters already behind the boundary: guarding twice (defineBroker, then the loader) is a no-op. */
const GUARDED = new WeakSet<object>();

/**
 * The contract boundary every adapter sits behind. It refuses a manifest that declares a method the
 * adapter lacks (at creation, not at the first trade), parses each input once so adapters never
 * re-validate, answers an undeclared method with NOT_SUPPORTED, refuses calls on an expired session
 * before anything is sent, and stamps the broker's id on every error that lacks one.
 */
export function guardAdapter(impl: AdapterImplementation, context: BoundaryContext): BrokerAdapter {
  if (GUARDED.has(impl)) return impl as BrokerAdapter;
  const { manifest } = context;
  const broker = manifest.id;
  const missing = CAPABILITY_NAMES.filter(
    (name) => supports(manifest, name) && typeof impl[name] !== 'function',
  );
  if (missing.length > 0) {
    throw new BrokerError(
      `${broker}: the manifest declares ${missing.join(', ')} but the adapter does not implement ${missing.length > 1 ? 'them' : 'it'}; implement them or declare them false`,
      { broker, details: { missing } },
    );
  }
  const stamp = (error: unknown): unknown =>
    isOpenAlgoError(error) && error.broker === undefined ? error.with({ broker }) : error;
  const checkSession = (): void => {
    const { session, clock } = context;
    if (session && isSessionExpired(session, clock.now())) {
      const at = toIstIso(session.expiresAt);
      throw new SessionExpiredError(
        `${broker}: the session of ${session.userId} expired at ${at}: log in again`,
        {
          broker,
        },
      );
    }
  };

  const guarded: Record<string, unknown> = {
    manifest,
    close: async () => {
      await impl.close?.();
    },
  };
  for (const name of CAPABILITY_NAMES) {
    guarded[name] = supports(manifest, name)
      ? guardMethod(impl, name, checkSession, stamp)
      : refuse(broker, name);
  }
  const adapter = Object.freeze(guarded) as unknown as BrokerAdapter;
  GUARDED.add(adapter);
  return adapter;
}

type Method = (...args: unknown[]) => unknown;

function guardMethod(
  impl: AdapterImplementation,
  name: CapabilityName,
  checkSession: () => void,
  stamp: (error: unknown) => unknown,
): Method {
  const method = (impl[name] as Method).bind(impl);
  if (ADAPTER_METHODS[name] === 'stream') {
    return () => {
      try {
        checkSession();
        return method();
      } catch (error) {
        throw stamp(error);
      }
    };
  }
  if (name === 'downloadInstruments') {
    return (options?: unknown) =>
      guardedDownload(() => {
        checkSession();
        return method(options) as AsyncIterable<Instrument>;
      }, stamp);
  }
  const parse = INPUT_PARSERS[name];
  return async (...args: unknown[]) => {
    try {
      checkSession();
      if (parse) args[0] = parse(args[0]);
      return await method(...args);
    } catch (error) {
      throw stamp(error);
    }
  };
}

/**
 * The instrument download behind the boundary. It still offers the batch protocol
 * (`INSTRUMENT_BATCHES`), so an index built from it awaits once per batch, not once per row; rows from an
 * adapter that does not batch are grouped here.
 */
function guardedDownload(
  start: () => AsyncIterable<Instrument>,
  stamp: (error: unknown) => unknown,
): AsyncIterable<Instrument> & InstrumentBatches {
  let source: AsyncIterable<Instrument> | undefined;
  const open = () => {
    source ??= start();
    return source;
  };
  return {
    [Symbol.asyncIterator]: () => stampIterable(open, stamp)[Symbol.asyncIterator](),
    [INSTRUMENT_BATCHES]: () =>
      stampIterable(() => {
        const rows = open();
        return offersBatches(rows) ? rows[INSTRUMENT_BATCHES]() : batchesOf(rows);
      }, stamp),
  } as AsyncIterable<Instrument> & InstrumentBatches;
}

const BATCH_SIZE = 2048;

async function* batchesOf(rows: AsyncIterable<Instrument>): AsyncGenerator<readonly Instrument[]> {
  let batch: Instrument[] = [];
  for await (const row of rows) {
    batch.push(row);
    if (batch.length === BATCH_SIZE) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

async function* stampIterable<T>(
  open: () => AsyncIterable<T>,
  stamp: (error: unknown) => unknown,
): AsyncGenerator<T> {
  try {
    yield* open();
  } catch (error) {
    throw stamp(error);
  }
}

function refuse(broker: string, name: CapabilityName): Method {
  const error = () =>
    new NotSupportedError(`${broker} does not support ${name}`, { broker, details: { capability: name } });
  if (ADAPTER_METHODS[name] === 'stream') {
    return () => {
      throw error();
    };
  }
  if (name === 'downloadInstruments') {
    return () =>
      stampIterable(
        () => {
          throw error();
        },
        (e) => e,
      );
  }
  return async () => {
    throw error();
  };
}
