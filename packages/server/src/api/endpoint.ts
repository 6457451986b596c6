import type { Readable } from 'node:stream';
import type { CapabilityName, Clock } from '@openalgo/core';
import { z } from 'zod';
import type { AccountContext, AccountResolver } from '../accounts/types.js';
import type { IdempotencyGate } from './idempotency.js';

export type EndpointGroup =
  | 'Orders'
  | 'Options'
  | 'GTT'
  | 'Order info'
  | 'Accounts'
  | 'Market data'
  | 'Symbols'
  | 'Market calendar'
  | 'Strategies'
  | 'Utility';

/** OpenAlgo's two per-key budgets: order writes, and everything else. */
export type RateClass = 'orders' | 'other';

/** Which of the account's adapters an endpoint uses a capability of. */
export type AdapterRole = 'execution' | 'data';

export interface Requirement {
  adapter: AdapterRole;
  capability: CapabilityName;
}

/** A success body, checked at compile time against the endpoint's published response schema. */
export interface Reply {
  readonly __published: true;
}

export interface HandlerContext<Input, Response extends z.ZodType = z.ZodType> {
  input: Input;
  account: AccountContext;
  resolver: AccountResolver;
  clock: Clock;
  /** The request's `Idempotency-Key` header, validated; undefined when absent (see idempotency.ts). */
  idempotencyKey: string | undefined;
  idempotency: IdempotencyGate;
  /**
   * Wraps the success body. Its parameter is the published response schema's type, fixed once the
   * endpoint's types are inferred (a bare `return {…}` would be checked after TypeScript widened its
   * literals), so a body the OpenAPI document does not describe does not compile. The endpoint
   * matrix test checks every answer against the schema at run time too.
   */
  reply(body: z.input<Response>): Reply;
}

export const reply = (body: unknown): Reply => body as Reply;

/** A non-JSON answer (the instruments CSV/JSON download). */
export class FileResponse {
  constructor(
    readonly contentType: string,
    readonly body: Readable | string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {}
}

/** What a handler receives: the decoded request, without the key the pipeline already resolved. */
export type RequestOf<Request extends z.ZodType> = Omit<z.output<Request>, 'apikey'>;

/**
 * One `/api/v1/*` endpoint. The same object drives the route, the pipeline (validation, key,
 * rate limit, capability gate) and the OpenAPI document, so docs and behaviour cannot drift.
 */
export interface Endpoint<Request extends z.ZodType = z.ZodType, Response extends z.ZodType = z.ZodType> {
  method: 'POST' | 'GET';
  /** Relative to the `/api/v1` prefix, without a trailing slash. */
  path: `/${string}`;
  group: EndpointGroup;
  summary: string;
  description?: string;
  rateClass: RateClass;
  requires: readonly Requirement[];
  /**
   * The request field a broker's 4xx rejection is about when the adapter names none (cancelling a
   * completed order is about `orderid`), so every 400 names a field.
   */
  subject?: string;
  /**
   * A write that honours an `Idempotency-Key` header (documented as a header parameter); other
   * endpoints ignore the header.
   */
  idempotent?: boolean;
  /** Body (POST) or query string (GET), with `apikey`. */
  request: Request;
  /**
   * The success body the OpenAPI document publishes; the handler's answer is typed by it. A `mode`
   * field in it means the answer carries `mode: "analyze"` while the account is in analyzer mode.
   */
  response: Response;
  /** A valid request without its key, shown in the docs (with a placeholder key). */
  example: Record<string, unknown>;
  // Method syntax on purpose: it keeps `Endpoint<Specific>` assignable to `Endpoint` (bivariance).
  handle(context: HandlerContext<RequestOf<Request>, Response>): Promise<Reply | FileResponse>;
}

type Defaulted = 'method' | 'group' | 'rateClass' | 'requires' | 'example';
export type EndpointSpec<Request extends z.ZodType, Response extends z.ZodType> = Omit<
  Endpoint<Request, Response>,
  Defaulted
> &
  Partial<Pick<Endpoint<Request, Response>, Defaulted>>;

/**
 * The definer of one docs group's endpoints, inferring each one's request and response types.
 * OpenAlgo's calls are POSTs with a JSON body in the "other" rate class unless they say otherwise.
 */
export function endpointGroup(group: EndpointGroup) {
  return <Request extends z.ZodType, Response extends z.ZodType>(
    spec: EndpointSpec<Request, Response>,
  ): Endpoint<Request, Response> => ({
    method: 'POST',
    rateClass: 'other',
    requires: [],
    example: {},
    group,
    ...spec,
  });
}

/** Whether a response schema publishes the analyzer's `mode` field (on any of its variants). */
export function reportsMode(schema: z.ZodType): boolean {
  if (schema instanceof z.ZodObject) return 'mode' in schema.shape;
  if (schema instanceof z.ZodUnion) return (schema.options as z.ZodType[]).some(reportsMode);
  return false;
}

export const execution = (capability: CapabilityName): Requirement => ({ adapter: 'execution', capability });
export const data = (capability: CapabilityName): Requirement => ({ adapter: 'data', capability });
