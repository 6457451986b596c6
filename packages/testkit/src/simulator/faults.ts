import type { Clock } from '@openalgo/core';
import { compileMatch, type RouteMatch, type SimulatorRequest } from './router.js';

/** Limits a fault to matching requests and, with `count`, to that many of them. */
export interface FaultScope {
  match?: RouteMatch;
  /** How many matching requests the fault hits before it disarms; absent = until `clear()`. */
  count?: number;
}

export type ErrorBodyHook = (request: SimulatorRequest) => unknown;

export type ArmedFault =
  | { kind: 'latency'; ms: number }
  | { kind: 'rateLimit'; retryAfterSeconds: number; body?: ErrorBodyHook }
  | { kind: 'serverError'; status: number; body?: ErrorBodyHook }
  | { kind: 'resetAfterCommit' }
  | { kind: 'malformedBody' }
  | { kind: 'slowBody'; chunkDelayMs: number; chunks: number };

type Kind = ArmedFault['kind'];

interface Rule {
  fault: ArmedFault;
  applies: (method: string, path: string) => boolean;
  left: number;
}

/**
 * The faults of docs/architecture.md §7, shared by every broker simulator. Each is armed for matching requests and
 * a number of hits; the server consults it at the right moment of each request (before the handler
 * for latency, 429 and 5xx; after it for reset-after-commit, malformed and slow bodies).
 */
export class FaultController {
  private rules: Rule[] = [];
  private tokenExpiryMs: number | undefined;

  constructor(private readonly clock: Clock) {}

  /** Delays matching requests by `ms` of simulator-clock time before they are handled. */
  latency(ms: number, scope: FaultScope = {}): this {
    return this.arm({ kind: 'latency', ms }, scope);
  }

  /** Answers `count` matching requests with 429 and `Retry-After: retryAfterSeconds`; the handler does not run. */
  rateLimitBurst(options: {
    count: number;
    retryAfterSeconds: number;
    match?: RouteMatch;
    body?: ErrorBodyHook;
  }): this {
    const { count, match, ...rest } = options;
    return this.arm({ kind: 'rateLimit', ...rest }, { count, ...(match ? { match } : {}) });
  }

  /** Answers matching requests with a 5xx (503 unless told); the handler does not run. */
  serverError(
    options: { status?: number; count?: number; match?: RouteMatch; body?: ErrorBodyHook } = {},
  ): this {
    const { status = 503, count = 1, match, body } = options;
    return this.arm(
      { kind: 'serverError', status, ...(body ? { body } : {}) },
      { count, ...(match ? { match } : {}) },
    );
  }

  /** Runs the handler (the order is committed), then destroys the socket before any response byte. */
  resetAfterCommit(options: { match?: RouteMatch; count?: number } = {}): this {
    return this.arm({ kind: 'resetAfterCommit' }, { count: options.count ?? 1, ...scopeOf(options) });
  }

  /** Runs the handler, then answers 200 with the first half of its body: invalid JSON. */
  malformedBody(options: { match?: RouteMatch; count?: number } = {}): this {
    return this.arm({ kind: 'malformedBody' }, { count: options.count ?? 1, ...scopeOf(options) });
  }

  /** Runs the handler, sends the headers, then the body in `chunks` pieces `chunkDelayMs` apart. */
  slowBody(options: { chunkDelayMs: number; chunks?: number; match?: RouteMatch; count?: number }): this {
    const { chunkDelayMs, chunks = 8 } = options;
    return this.arm({ kind: 'slowBody', chunkDelayMs, chunks }, scopeOf(options));
  }

  /** From `epochMs` on (simulator clock), `tokensExpired()` is true: broker simulators reject auth. */
  expireTokensAt(epochMs: number): this {
    this.tokenExpiryMs = epochMs;
    return this;
  }

  /** The hook broker simulators consult in their auth check. */
  tokensExpired(): boolean {
    return this.tokenExpiryMs !== undefined && this.clock.now() >= this.tokenExpiryMs;
  }

  /** Tokens are valid again (a fresh login). */
  restoreTokens(): void {
    this.tokenExpiryMs = undefined;
  }

  /** Disarms every request fault; token expiry is session state and stays until `restoreTokens()`. */
  clear(): void {
    this.rules = [];
  }

  /** Faults still armed, for diagnostics. */
  armed(): ArmedFault[] {
    return this.rules.map((rule) => rule.fault);
  }

  /** Consumes one hit of the first armed fault of `kind` matching the request. */
  take<K extends Kind>(kind: K, method: string, path: string): Extract<ArmedFault, { kind: K }> | undefined {
    const rule = this.rules.find((r) => r.fault.kind === kind && r.applies(method, path));
    if (!rule) return undefined;
    rule.left -= 1;
    if (rule.left <= 0) this.rules = this.rules.filter((r) => r !== rule);
    return rule.fault as Extract<ArmedFault, { kind: K }>;
  }

  /** Total latency armed for the request: every matching latency fault adds up and uses a hit. */
  takeLatency(method: string, path: string): number {
    let total = 0;
    for (const rule of this.rules) {
      if (rule.fault.kind !== 'latency' || !rule.applies(method, path)) continue;
      total += rule.fault.ms;
      rule.left -= 1;
    }
    this.rules = this.rules.filter((r) => r.left > 0);
    return total;
  }

  private arm(fault: ArmedFault, scope: FaultScope): this {
    if (scope.count !== undefined && (!Number.isInteger(scope.count) || scope.count < 1)) {
      throw new RangeError(`fault count must be a whole number ≥ 1, got ${scope.count}`);
    }
    this.rules.push({
      fault,
      applies: compileMatch(scope.match),
      left: scope.count ?? Number.POSITIVE_INFINITY,
    });
    return this;
  }
}

function scopeOf(options: { match?: RouteMatch; count?: number }): FaultScope {
  return {
    ...(options.match ? { match: options.match } : {}),
    ...(options.count !== undefined ? { count: options.count } : {}),
  };
}
