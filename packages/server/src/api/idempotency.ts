import { createHash } from 'node:crypto';
import type { Clock } from '@openalgo/core';
import { z } from 'zod';
import type { IdempotencyRecord, IdempotencyStore } from '../store/types.js';
import { ApiError } from './errors.js';

/**
 * Client idempotency (beyond OpenAlgo): a key — the `Idempotency-Key` header or a `client_order_id`
 * — names one request of one account for a day. The server maps each key that places an order to a
 * broker tag it generates (a client order id in core's sense), and the order journal guarantees one
 * tag never reaches the broker twice; this gate adds what only the HTTP layer can know: that a
 * retry is the same request (else 409), that a retry while the first is still running waits for it,
 * and the success answer to replay.
 *
 * Only a success answer is final. Anything else leaves the key open, and a retry runs the request
 * again under the same broker tags, where the journal decides per order: acknowledged → the same
 * order id, without a broker call; failed (definitely never placed) → a fresh attempt; pending or
 * unknown → looked up in the order book, never re-sent.
 */

export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
/** How often (clock time) expired keys are swept; a claim takes over an expired key in any case. */
const SWEEP_EVERY_MS = 60 * 60 * 1000;

const KEY_RULE = 'must be 1 to 64 printable ASCII characters';
/** A client key: any printable ASCII, so broker tag rules (Kite: 20 alphanumerics) never reach clients. */
export const ClientKeySchema = z
  .string({ error: 'must be a string' })
  .regex(/^[\x20-\x7E]{1,64}$/, { error: KEY_RULE });

/** The header's key, or undefined; a malformed one is a 400 naming the header. */
export function headerKey(value: string | string[] | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (Array.isArray(value) || !ClientKeySchema.safeParse(value).success) {
    const why = Array.isArray(value) ? 'must be sent once' : KEY_RULE;
    throw new ApiError(400, 'INVALID_REQUEST', `${IDEMPOTENCY_HEADER}: ${why}`, {
      field: IDEMPOTENCY_HEADER,
    });
  }
  return value;
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(value).sort()) {
    const field = (value as Record<string, unknown>)[name];
    if (field !== undefined) out[name] = canonical(field);
  }
  return out;
}

/**
 * The hash a retry must match: the route and the validated request (defaults applied, names
 * decoded, keys sorted), so `"quantity": "1"` and `"quantity": 1` are the same request.
 */
export function fingerprint(route: string, request: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify([route, canonical(request)]))
    .digest('base64url');
}

/** One key a request holds. */
export interface KeyClaim {
  key: string;
  route: string;
  fingerprint: string;
  /** The request field (or header) the key came from, named in a conflict. */
  field: string;
  /** Whether the key places an order (and so gets a broker tag). */
  tagged: boolean;
}

export interface GateRun<T> {
  accountId: string;
  /** The first key is the request's own; the rest (basket legs, split children) are its orders'. */
  claims: readonly KeyClaim[];
  /** Whether the first key's success answer is kept and replayed (not for a basket keyed only per leg). */
  replay: boolean;
  newTag: () => string;
  /** Runs the request with each claim's broker tag (undefined for untagged claims). */
  attempt(tags: readonly (string | undefined)[]): Promise<T>;
  isSuccess(answer: T): boolean;
}

export class IdempotencyGate {
  private readonly inFlight = new Map<string, Promise<unknown>>();
  private lastSweep = Number.NEGATIVE_INFINITY;

  constructor(
    readonly store: IdempotencyStore,
    private readonly clock: Clock,
    private readonly ttlMs = IDEMPOTENCY_TTL_MS,
  ) {}

  /** Whether a request holding this key is running now. */
  isInFlight(accountId: string, key: string): boolean {
    return this.inFlight.has(scoped(accountId, key));
  }

  async run<T>(run: GateRun<T>): Promise<T> {
    const { accountId, claims } = run;
    for (;;) {
      // From the claim to registering the attempt nothing awaits, so two copies of one request
      // cannot both start: the second finds the first in flight.
      const busy = claims.map((c) => this.inFlight.get(scoped(accountId, c.key)));
      const records = this.claim(run);
      if (run.replay && records[0]?.answer !== undefined) return records[0].answer as T;
      // The same request key in flight is this very request (the claim checked it): share its answer.
      // Legs shared by two different baskets keyed only per leg are not: wait, then run again.
      if (run.replay && busy[0]) return (await busy[0]) as T;
      const other = busy.find((b) => b !== undefined);
      if (other) {
        await other.then(ignore, ignore);
        continue;
      }
      const attempt = this.attempt(run, records);
      for (const c of claims) this.inFlight.set(scoped(accountId, c.key), attempt);
      try {
        return await attempt;
      } finally {
        for (const c of claims) this.inFlight.delete(scoped(accountId, c.key));
      }
    }
  }

  private async attempt<T>(run: GateRun<T>, records: readonly IdempotencyRecord[]): Promise<T> {
    const answer = await run.attempt(records.map((r) => r.brokerTag));
    if (run.replay && run.isSuccess(answer)) {
      const first = records[0] as IdempotencyRecord;
      try {
        this.store.finish(run.accountId, first.key, answer);
      } catch {
        // The order stands whatever the disk says, so the client still hears of it; without the
        // stored answer a retry runs again and the journal answers it with the same order id.
      }
    }
    return answer;
  }

  /** Holds every key of the request (one transaction), or none of the new ones on a conflict. */
  private claim<T>(run: GateRun<T>): IdempotencyRecord[] {
    const now = this.clock.now();
    if (now - this.lastSweep >= SWEEP_EVERY_MS) {
      this.lastSweep = now;
      this.store.sweep(now);
    }
    const held = this.store.claim(
      run.claims.map((c) => ({
        accountId: run.accountId,
        key: c.key,
        route: c.route,
        fingerprint: c.fingerprint,
        brokerTag: c.tagged ? run.newTag() : undefined,
        createdAt: now,
        expiresAt: now + this.ttlMs,
      })),
    );
    const clash = run.claims.findIndex((c, i) => {
      const stored = held[i]?.record;
      return stored?.route !== c.route || stored.fingerprint !== c.fingerprint;
    });
    if (clash >= 0) {
      const inserted = held.filter((h) => h.inserted).map((h) => h.record.key);
      this.store.release(run.accountId, inserted);
      const { field } = run.claims[clash] as KeyClaim;
      throw new ApiError(
        409,
        'IDEMPOTENCY_CONFLICT',
        `${field}: this key was already used for a different request in the last ` +
          `${Math.round(this.ttlMs / 3_600_000)} h; send the same request to retry it, or use a new key`,
        { field },
      );
    }
    return held.map((h) => h.record);
  }
}

function scoped(accountId: string, key: string): string {
  return `${accountId}\u0000${key}`;
}

function ignore(): void {}
