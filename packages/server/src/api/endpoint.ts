import type { Readable } from 'node:stream';
import type { CapabilityName, Clock } from '@openalgo/core';
import type { z } from 'zod';
import type { AccountContext, AccountResolver } from '../accounts/types.js';

export type EndpointGroup = 'Orders' | 'Order info' | 'Accounts' | 'Market data' | 'Symbols' | 'Utility';

/** OpenAlgo's two per-key budgets: order writes, and everything else. */
export type RateClass = 'orders' | 'other';

/** Which of the account's adapters an endpoint uses a capability of. */
export type AdapterRole = 'execution' | 'data';

export interface Requirement {
  adapter: AdapterRole;
  capability: CapabilityName;
}

export interface HandlerContext<Input> {
  input: Input;
  account: AccountContext;
  resolver: AccountResolver;
  clock: Clock;
}

/** A non-JSON answer (the instruments CSV/JSON download). */
export class FileResponse {
  constructor(
    readonly contentType: string,
    readonly body: Readable | string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {}
}

export type JsonBody = { status: 'success' | 'partial' | 'error' } & Record<string, unknown>;
export type EndpointResult = JsonBody | FileResponse;

/**
 * One `/api/v1/*` endpoint. The same object drives the route, the pipeline (validation, key,
 * rate limit, capability gate) and the OpenAPI document, so docs and behaviour cannot drift.
 */
export interface Endpoint<Request extends z.ZodType = z.ZodType> {
  method: 'POST' | 'GET';
  /** Relative to the `/api/v1` prefix, without a trailing slash. */
  path: `/${string}`;
  group: EndpointGroup;
  summary: string;
  description?: string;
  rateClass: RateClass;
  /** Order and account answers carry `mode: "analyze"` while the account is in analyzer mode. */
  reportsMode: boolean;
  requires: readonly Requirement[];
  /**
   * The request field a broker's 4xx rejection is about when the adapter names none (cancelling a
   * completed order is about `orderid`), so every 400 names a field.
   */
  subject?: string;
  /** Body (POST) or query string (GET), with `apikey`. */
  request: Request;
  /** Success body, for the OpenAPI document. */
  response: z.ZodType;
  /** A valid request, shown in the docs (with a placeholder key). */
  example: Record<string, unknown>;
  // Method syntax on purpose: it keeps `Endpoint<Specific>` assignable to `Endpoint` (bivariance).
  handle(context: HandlerContext<z.output<Request>>): Promise<EndpointResult>;
}

/** Identity with inference: each endpoint file declares its own request type. */
export function defineEndpoint<Request extends z.ZodType>(endpoint: Endpoint<Request>): Endpoint<Request> {
  return endpoint;
}

export const execution = (capability: CapabilityName): Requirement => ({ adapter: 'execution', capability });
export const data = (capability: CapabilityName): Requirement => ({ adapter: 'data', capability });
