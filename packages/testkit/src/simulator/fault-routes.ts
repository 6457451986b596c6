import type { Fault, FaultOp, GTT_METHODS } from '@openalgo/core';
import type { ErrorBodyHook, FaultController } from './faults.js';
import type { RouteMatch } from './router.js';

/** Operations of capabilities added after contract 2's first release (the gtt capability). */
type LaterOp = (typeof GTT_METHODS)[number];

/**
 * The broker route each adapter method calls. Every method of the original contract has an entry, so
 * a simulator in this repository says where each goes. `undefined` marks a method the broker has no
 * route for (the adapter does not offer it). Methods of capabilities added later (the gtt capability)
 * are optional keys: an outside adapter's table written against an earlier minor release keeps
 * compiling, and leaving one out means the same as `undefined`.
 */
export type FaultRoutes = Readonly<Record<Exclude<FaultOp, LaterOp>, RouteMatch | undefined>> &
  Readonly<Partial<Record<LaterOp, RouteMatch | undefined>>>;

export interface FaultTranslation {
  routes: FaultRoutes;
  /** The body of the broker's 429 (its own error envelope), when it has one. */
  rateLimitBody?: ErrorBodyHook;
  /** The simulator's name, for the error on a fault aimed at a method it has no route for. */
  name?: string;
}

function scope(fault: Fault, translation: FaultTranslation): { match?: RouteMatch } {
  if (fault.op === undefined) return {};
  const match = translation.routes[fault.op];
  if (!match) {
    throw new RangeError(`${translation.name ?? 'the simulator'} has no route for operation ${fault.op}`);
  }
  return { match };
}

/**
 * The contract suite's fault, armed on the wire: on the route of the operation it names (any route
 * without one). A 429 carries `Retry-After` in whole seconds, at least 1, as HTTP brokers send it.
 */
export function injectRouteFault(faults: FaultController, fault: Fault, translation: FaultTranslation): void {
  const where = scope(fault, translation);
  switch (fault.kind) {
    case 'rateLimit':
      faults.rateLimitBurst({
        count: fault.count ?? Number.MAX_SAFE_INTEGER,
        retryAfterSeconds: Math.max(1, Math.ceil(fault.retryAfterMs / 1000)),
        ...(translation.rateLimitBody ? { body: translation.rateLimitBody } : {}),
        ...where,
      });
      return;
    case 'loseResponse':
      faults.resetAfterCommit(where);
      return;
    case 'serverError':
      faults.serverError({ ...where, ...(fault.count === undefined ? {} : { count: fault.count }) });
      return;
    case 'malformed':
      faults.malformedBody(where);
      return;
    case 'latency':
      faults.latency(fault.ms, where);
  }
}
