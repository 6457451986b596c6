import type { SimulatorSocket } from '@openalgo/testkit/simulator';

/** Angel's cap on (token, mode) subscriptions per connection [unverified: ~1000, §2.7]. */
export const MAX_SUBSCRIPTIONS_PER_CONNECTION = 1000;
/** Depth-20 (mode 4) takes at most 50 tokens, nse_cm only (§2.9; both SDKs enforce it too). */
export const MAX_DEPTH_20_TOKENS = 50;

export type FeedMode = 1 | 2 | 3 | 4;

/** A parsed control message (§2.9): `{correlationID?, action, params:{mode, tokenList:[{exchangeType, tokens}]}}`. */
export interface ControlRequest {
  correlationID: string | undefined;
  action: 0 | 1;
  mode: FeedMode;
  entries: Array<{ exchangeType: number; tokens: string[] }>;
}

/** Angel's error frame for a refused request (§2.9). */
export function errorFrame(
  correlationID: string | undefined,
  errorCode: 'E1001' | 'E1002',
  errorMessage: string,
): string {
  return JSON.stringify({
    ...(correlationID === undefined ? {} : { correlationID }),
    errorCode,
    errorMessage,
  });
}

function integerOf(value: unknown): number | undefined {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) ? n : undefined;
}

/**
 * Reads a control message, or says what is wrong with it (answered with E1001). Lenient where the SDKs
 * differ (§2.11): `correlationID` may be missing, `tokenList` may hold one entry (JS SDK) or several
 * (Python SDK), numbers may come as strings.
 */
export function parseControl(text: string): ControlRequest | { problem: string; correlationID?: string } {
  let message: Record<string, unknown>;
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      return { problem: 'not a JSON object' };
    message = value as Record<string, unknown>;
  } catch {
    return { problem: 'not JSON' };
  }
  const correlationID = typeof message.correlationID === 'string' ? message.correlationID : undefined;
  const fail = (problem: string) => ({ problem, ...(correlationID === undefined ? {} : { correlationID }) });
  const action = integerOf(message.action);
  if (action !== 0 && action !== 1) return fail('action must be 1 (subscribe) or 0 (unsubscribe)');
  const params = message.params as Record<string, unknown> | undefined;
  const mode = integerOf(params?.mode);
  if (mode !== 1 && mode !== 2 && mode !== 3 && mode !== 4) return fail('mode must be 1, 2, 3 or 4');
  const list = params?.tokenList;
  if (!Array.isArray(list) || list.length === 0) return fail('tokenList must be a non-empty array');
  const entries: ControlRequest['entries'] = [];
  for (const entry of list as Array<Record<string, unknown> | null>) {
    const exchangeType = integerOf(entry?.exchangeType);
    const tokens = entry?.tokens;
    if (exchangeType === undefined || !Array.isArray(tokens))
      return fail('each tokenList entry needs exchangeType and tokens');
    const texts = tokens.map((t) => (typeof t === 'number' ? String(t) : t));
    if (!texts.every((t): t is string => typeof t === 'string' && t.length > 0))
      return fail('tokens must be strings');
    entries.push({ exchangeType, tokens: texts });
  }
  return { correlationID, action, mode, entries };
}

/** `exchangeType|token`. */
export function pairKey(exchangeType: number, token: string): string {
  return `${exchangeType}|${token}`;
}

/** One client connection: the (token, mode) pairs it holds. Each mode counts on its own (§2.9). */
export class SmartStreamClient {
  /** Key → the modes subscribed for it. */
  readonly modes = new Map<string, Set<FeedMode>>();
  private count = 0;

  constructor(readonly socket: SimulatorSocket) {}

  get subscriptions(): number {
    return this.count;
  }

  /** Tokens held in `mode`. */
  countIn(mode: FeedMode): number {
    let n = 0;
    for (const set of this.modes.values()) if (set.has(mode)) n++;
    return n;
  }

  /** The pairs of `keys` in `mode` not yet held (a duplicate pair is ignored and not counted). */
  newPairs(keys: readonly string[], mode: FeedMode): string[] {
    const fresh = new Set<string>();
    for (const key of keys) if (!this.modes.get(key)?.has(mode)) fresh.add(key);
    return [...fresh];
  }

  add(keys: readonly string[], mode: FeedMode): void {
    for (const key of keys) {
      let set = this.modes.get(key);
      if (!set) {
        set = new Set();
        this.modes.set(key, set);
      }
      if (!set.has(mode)) {
        set.add(mode);
        this.count++;
      }
    }
  }

  /** Removes the pairs; returns the keys no longer held in any mode. */
  remove(keys: readonly string[], mode: FeedMode): string[] {
    const gone: string[] = [];
    for (const key of keys) {
      const set = this.modes.get(key);
      if (!set?.delete(mode)) continue;
      this.count--;
      if (set.size === 0) {
        this.modes.delete(key);
        gone.push(key);
      }
    }
    return gone;
  }
}
