import { z } from 'zod';
import type { Endpoint } from './endpoint.js';
import { API_ENDPOINTS } from './endpoints.js';
import { ErrorEnvelopeSchema } from './errors.js';
import { IDEMPOTENCY_HEADER } from './idempotency.js';

export type JsonSchema = Record<string, unknown>;

export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string };
  servers: Array<{ url: string }>;
  tags: Array<{ name: string }>;
  paths: Record<string, Record<string, JsonSchema>>;
  components: { schemas: Record<string, JsonSchema> };
}

/** zod → JSON Schema 2020-12 (what OpenAPI 3.1 embeds); the request side of transforms is shown. */
function toSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const generated = z.toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
    // zod leaves a default off when the defaulted schema is a transform (our coercing fields).
    override: ({ zodSchema, jsonSchema }) => {
      const def = zodSchema._zod.def;
      if (def.type === 'default') jsonSchema.default = def.defaultValue as never;
    },
  }) as JsonSchema;
  const { $schema: _dialect, ...rest } = generated;
  return rest;
}

const ERROR_RESPONSES: ReadonlyArray<readonly [string, string]> = [
  ['400', 'Invalid request: the message and `field` name the field'],
  ['401', 'Broker session expired or not logged in (or, for GET, no apikey)'],
  ['403', 'Invalid openalgo apikey'],
  ['404', 'Unknown symbol or order'],
  ['429', 'Rate limit exceeded; `retry_after` seconds'],
  ['501', 'The broker lacks a capability this endpoint needs'],
  ['502', 'The broker answered with an error, or the order outcome is unknown'],
  ['503', 'The broker could not be reached; retry later'],
];

function errorResponses(): Record<string, JsonSchema> {
  const out: Record<string, JsonSchema> = {};
  for (const [status, description] of ERROR_RESPONSES) {
    out[status] = {
      description,
      content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorEnvelope' } } },
    };
  }
  return out;
}

/** `/ticker/:symbol` → the names of its path parameters (`symbol`). */
function pathParameterNames(path: string): Set<string> {
  return new Set([...path.matchAll(/:(\w+)/g)].map((m) => m[1] as string));
}

/** The route's path in OpenAPI's form: `/ticker/{symbol}`. */
function openApiPath(path: string): string {
  return path.replace(/:(\w+)/g, '{$1}');
}

function queryParameters(schema: JsonSchema, inPath: Set<string>): JsonSchema[] {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: inPath.has(name) ? 'path' : 'query',
    required: name === 'apikey' || inPath.has(name) || required.has(name),
    schema: property,
    ...(typeof property.description === 'string' ? { description: property.description } : {}),
  }));
}

/** The header every write honours (beyond OpenAlgo; see idempotency.ts and docs/reference/api.md). */
const IDEMPOTENCY_KEY_PARAMETER: JsonSchema = {
  name: IDEMPOTENCY_HEADER,
  in: 'header',
  required: false,
  schema: { type: 'string', pattern: '^[\\x20-\\x7E]{1,64}$' },
  description:
    "Not OpenAlgo: names this request for 24 hours. A retry with the same key and request gets the first success answer (waiting for it while the first is still running) and never places a second order; the same key with another request is 409 IDEMPOTENCY_CONFLICT. Same meaning as the body's client_order_id where a route has one.",
};

function operation(endpoint: Endpoint): JsonSchema {
  const request = toSchema(endpoint.request, 'input');
  const op: JsonSchema = {
    operationId: endpoint.path.slice(1).replace(/:/g, '').replace(/\//g, '_'),
    tags: [endpoint.group],
    summary: endpoint.summary,
    ...(endpoint.description ? { description: endpoint.description } : {}),
    'x-rate-limit-class': endpoint.rateClass,
    'x-capabilities': endpoint.requires.map((r) => `${r.adapter}.${r.capability}`),
    responses: {
      '200': {
        description: 'Success',
        content: { 'application/json': { schema: toSchema(endpoint.response, 'output') } },
      },
      ...errorResponses(),
    },
  };
  if (endpoint.idempotent) {
    op.parameters = [IDEMPOTENCY_KEY_PARAMETER];
    (op.responses as Record<string, JsonSchema>)['409'] = {
      description:
        'IDEMPOTENCY_CONFLICT: the Idempotency-Key or client_order_id was used for a different request',
      content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorEnvelope' } } },
    };
  }
  if (endpoint.method === 'GET') {
    op.parameters = queryParameters(request, pathParameterNames(endpoint.path));
  } else {
    op.requestBody = {
      required: true,
      content: {
        'application/json': {
          schema: request,
          example: { apikey: '<your-64-hex-api-key>', ...endpoint.example },
        },
      },
    };
  }
  return op;
}

/**
 * The OpenAPI 3.1 document of `/api/v1`, generated from the endpoints' own zod schemas (the ones
 * that validate requests), so it cannot drift from what the server accepts.
 */
export function buildOpenApiDocument(options: { prefix?: string } = {}): OpenApiDocument {
  const prefix = options.prefix ?? '/api/v1';
  const paths: OpenApiDocument['paths'] = {};
  for (const endpoint of API_ENDPOINTS) {
    const path = `${prefix}${openApiPath(endpoint.path)}`;
    paths[path] = { ...paths[path], [endpoint.method.toLowerCase()]: operation(endpoint) };
  }
  const tags = [...new Set(API_ENDPOINTS.map((e) => e.group))].map((name) => ({ name }));
  return {
    openapi: '3.1.0',
    info: {
      title: 'OpenAlgo TS REST API',
      version: '1',
      description:
        'OpenAlgo-compatible: the same paths, snake_case request fields (apikey in the JSON body) and response shapes. ' +
        'A trailing slash is accepted on every path. Errors are `{status:"error", message, code}`. ' +
        'Per-API-key rate limits: 10 order writes/s (placeorder, placesmartorder, modifyorder, cancelorder) and 50 other requests/s by default.',
    },
    servers: [{ url: '/' }],
    tags,
    paths,
    components: { schemas: { ErrorEnvelope: toSchema(ErrorEnvelopeSchema, 'output') } },
  };
}
