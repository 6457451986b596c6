import { fieldIssues, formatIssues, InvalidRequestError } from '@openalgo/core';
import type { z } from 'zod';

const MAX_LISTED_ISSUES = 5;

/**
 * Parses a request body or query against its schema, or throws INVALID_REQUEST (400) whose message
 * names every offending field in the request's own names ("quantity: must be a whole number;
 * orders.2.exchange: must be one of NSE, …") and whose `field` is the first of them.
 */
export function parseRequest<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = fieldIssues(result.error).map(({ field, message }) => ({ field: field || 'body', message }));
  const more = issues.length - MAX_LISTED_ISSUES;
  const listed = formatIssues(issues.slice(0, MAX_LISTED_ISSUES)) + (more > 0 ? `; and ${more} more` : '');
  throw new InvalidRequestError(listed, { field: issues[0]?.field ?? 'body' });
}
