import { type ErrorCode, isOpenAlgoError, type OpenAlgoError } from '@openalgo/core';

/** A contract check that did not hold. Plain Error subclass so every runner reports it as a failure. */
export class ContractCheckError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ContractCheckError';
  }
}

export function ensure(condition: boolean, message: string | (() => string)): asserts condition {
  if (!condition) throw new ContractCheckError(typeof message === 'function' ? message() : message);
}

export function describeThrown(error: unknown): string {
  if (isOpenAlgoError(error)) return `${error.code} (${error.message})`;
  if (error instanceof Error) return `${error.name}: ${error.message} (not an OpenAlgoError)`;
  return `${String(error)} (not an Error)`;
}

/** Awaits `promise` and demands that it fails with an OpenAlgoError of `code`. */
export async function expectFailure(
  promise: Promise<unknown>,
  code: ErrorCode,
  what: string,
): Promise<OpenAlgoError> {
  let outcome: { ok: true; value: unknown } | { ok: false; error: unknown };
  try {
    outcome = { ok: true, value: await promise };
  } catch (error) {
    outcome = { ok: false, error };
  }
  if (outcome.ok) {
    throw new ContractCheckError(`${what}: expected ${code}, but the call succeeded`);
  }
  const { error } = outcome;
  ensure(isOpenAlgoError(error, code), () => `${what}: expected ${code}, got ${describeThrown(error)}`);
  return error;
}

/** Prices are compared to a cent: brokers round averages to two decimals. */
export function samePrice(a: number, b: number, tolerance = 0.01): boolean {
  return Math.abs(a - b) <= tolerance + 1e-9;
}
