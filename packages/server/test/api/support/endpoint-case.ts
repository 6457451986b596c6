import type { CapabilityName } from '@openalgo/core';

/**
 * One row per endpoint: a valid request against the fake broker, the fields OpenAlgo requires, bad
 * values each of which must be a 400 naming the field, which adapter call to break to see the error
 * mapping, and the capabilities the endpoint needs.
 */
export type FailureKind =
  /** The adapter's error is the answer (mapped to its status). */
  | 'direct'
  /** An order placement: ambiguous failures are reconciled by core first. */
  | 'placement'
  /** A batch: failures are reported per item inside a 200. */
  | 'batch';

export interface EndpointCase {
  path: string;
  method: 'POST' | 'GET';
  body: Record<string, unknown>;
  /** Dotted paths of required fields besides apikey. */
  required: string[];
  /** field, bad value, and the field the 400 must name when it is another one. */
  invalid: Array<[field: string, value: unknown, names?: string]>;
  /** The adapter method to break, and how its failure surfaces; undefined when no adapter call is made. */
  failure?: { method: CapabilityName; kind: FailureKind };
  capabilities: CapabilityName[];
}

/** A deep copy of `body` with the dotted `path` set to `value` (or deleted when value is undefined). */
export function withField(
  body: Record<string, unknown>,
  path: string,
  value: unknown,
): Record<string, unknown> {
  const copy = structuredClone(body);
  const parts = path.split('.');
  let target: Record<string, unknown> = copy;
  for (const part of parts.slice(0, -1)) target = target[part] as Record<string, unknown>;
  const last = parts[parts.length - 1] as string;
  if (value === undefined) delete target[last];
  else target[last] = value;
  return copy;
}
