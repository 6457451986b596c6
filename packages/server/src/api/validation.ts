import { InvalidRequestError } from '@openalgo/core';
import type { z } from 'zod';

const MAX_LISTED_ISSUES = 5;

function fieldOf(path: ReadonlyArray<PropertyKey>): string {
  return path.length === 0 ? 'body' : path.map((part) => String(part)).join('.');
}

/**
 * Parses a request body or query against its schema, or throws INVALID_REQUEST (400) whose message
 * names every offending field in the request's own names ("quantity: must be a whole number;
 * orders.2.exchange: must be one of NSE, …") and whose `field` is the first of them.
 */
export function parseRequest<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues;
  const listed = issues
    .slice(0, MAX_LISTED_ISSUES)
    .map((issue) => `${fieldOf(issue.path)}: ${issue.message}`);
  if (issues.length > MAX_LISTED_ISSUES) listed.push(`and ${issues.length - MAX_LISTED_ISSUES} more`);
  throw new InvalidRequestError(listed.join('; '), { field: fieldOf(issues[0]?.path ?? []) });
}
