import type { z } from 'zod';
import { BrokerError, type OpenAlgoError } from '../errors/openalgo-error.js';
import type { HttpRequest, RequestKind } from './types.js';

/**
 * Unwraps the payload of a broker's success envelope — Kite's `{status:"success", data}` → `data` —
 * or answers undefined when the body is not one. Failure envelopes never get here: the client's
 * `extractFailure` has already turned them into errors. A client without one takes the whole body
 * as the payload.
 */
export type EnvelopeReader = (body: unknown) => { data: unknown } | undefined;

/** A JSON request whose payload is checked against `schema` before the caller sees it. */
export interface DataRequest<S extends z.ZodType> extends Omit<HttpRequest, 'responseType'> {
  schema: S;
  /** Names the call in errors ("place order"); default `METHOD path`. */
  what?: string;
}

/** Options of the `get`/`post` helpers; `kind` defaults to read for GET and to write for POST. */
export type DataOptions = Omit<HttpRequest, 'method' | 'path' | 'responseType' | 'kind'> & {
  kind?: RequestKind;
  what?: string;
};

/** The typed calls every adapter makes: send, unwrap the envelope, check the shape it relies on. */
export interface TypedCalls {
  requestData<S extends z.ZodType>(req: DataRequest<S>): Promise<z.output<S>>;
  get<S extends z.ZodType>(path: string, schema: S, options?: DataOptions): Promise<z.output<S>>;
  post<S extends z.ZodType>(path: string, schema: S, options?: DataOptions): Promise<z.output<S>>;
}

/**
 * A 2xx we cannot read is a BROKER_ERROR that may have had an effect: a place answered with garbage
 * may still have placed. The body stays out of the error (a login answer carries tokens).
 */
function malformed(broker: string, what: string, reason: string, issues?: number): OpenAlgoError {
  return new BrokerError(`${broker}: unexpected response to ${what}: ${reason}`, {
    broker,
    mayHaveReachedBroker: true,
    details:
      issues === undefined ? { reason: 'malformed response' } : { reason: 'malformed response', issues },
  });
}

/** The payload of a success body, unwrapped by `envelope` and checked against `schema`. */
export function readPayload<S extends z.ZodType>(
  broker: string,
  envelope: EnvelopeReader | undefined,
  schema: S,
  body: unknown,
  what: string,
): z.output<S> {
  const unwrapped = envelope ? envelope(body) : { data: body };
  if (!unwrapped) throw malformed(broker, what, 'not a success envelope');
  const parsed = schema.safeParse(unwrapped.data);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? issue.path.map(String).join('.') : 'data';
  throw malformed(broker, what, `${where} ${issue?.message ?? 'is malformed'}`, parsed.error.issues.length);
}

/** Builds the typed calls over a client's raw `request`. */
export function typedCalls(
  broker: string,
  envelope: EnvelopeReader | undefined,
  request: (req: HttpRequest) => Promise<{ data: unknown }>,
): TypedCalls {
  const requestData = async <S extends z.ZodType>(req: DataRequest<S>): Promise<z.output<S>> => {
    const { schema, what, ...plain } = req;
    const res = await request({ ...plain, responseType: 'json' });
    return readPayload(broker, envelope, schema, res.data, what ?? `${req.method} ${req.path.split('?')[0]}`);
  };
  return {
    requestData,
    get: (path, schema, options) => requestData({ kind: 'read', ...options, method: 'GET', path, schema }),
    post: (path, schema, options) => requestData({ kind: 'write', ...options, method: 'POST', path, schema }),
  };
}
