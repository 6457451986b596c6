import type { z } from 'zod';
import { InvalidRequestError } from '../errors/openalgo-error.js';

export interface FieldIssue {
  /** Dotted path of the field (`orders.2.exchange`); empty for the whole input. */
  field: string;
  message: string;
}

function pathOf(path: ReadonlyArray<PropertyKey>): string {
  return path.map((part) => String(part)).join('.');
}

/** Flattens zod issues into "field: message" pairs, one per problem. */
export function fieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({ field: pathOf(issue.path), message: issue.message }));
}

/** "exchange: must be one of NSE, BSE, …; quantity: must be a whole number > 0". */
export function formatIssues(issues: readonly FieldIssue[]): string {
  return issues.map((i) => (i.field ? `${i.field}: ${i.message}` : i.message)).join('; ');
}

/**
 * Parses input or throws INVALID_REQUEST naming the first offending field (all issues are in
 * `details.issues`). Every untrusted input crosses the contract through here.
 */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, what = 'request'): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = fieldIssues(result.error);
  const first = issues[0];
  throw new InvalidRequestError(`Invalid ${what}: ${formatIssues(issues)}`, {
    ...(first?.field ? { field: first.field } : {}),
    details: { issues },
  });
}

/** Objects produced by `parseOnce`, with the schema that produced them. */
const PARSED = new WeakMap<object, z.ZodType>();

/**
 * Like `parseOrThrow`, but an object this function already produced for the same schema passes through
 * untouched: a request is validated once however many layers (trading service, adapter boundary) it
 * crosses. The result is frozen, so what was checked is what arrives.
 */
export function parseOnce<S extends z.ZodType>(schema: S, input: unknown, what = 'request'): z.infer<S> {
  if (typeof input === 'object' && input !== null && PARSED.get(input) === schema) return input as z.infer<S>;
  const parsed = parseOrThrow(schema, input, what);
  if (typeof parsed === 'object' && parsed !== null) {
    Object.freeze(parsed);
    PARSED.set(parsed, schema);
  }
  return parsed;
}
