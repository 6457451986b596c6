import Fastify, { type FastifyInstance, type LightMyRequestResponse } from 'fastify';
import type { AccountResolver } from '../../../src/accounts/types.js';
import { type ApiRoutesOptions, apiDocsRoutes, apiRoutes } from '../../../src/api/index.js';

/** An app as the server composes it: trailing slashes ignored, the API under /api/v1, docs at /api. */
export async function buildApiApp(
  resolver: AccountResolver,
  options: Omit<Partial<ApiRoutesOptions>, 'resolver'> = {},
): Promise<FastifyInstance> {
  const app = Fastify({ logger: false, routerOptions: { ignoreTrailingSlash: true } });
  await app.register(apiRoutes, { prefix: '/api/v1', resolver, ...options });
  await app.register(apiDocsRoutes);
  await app.ready();
  return app;
}

export async function post(
  app: FastifyInstance,
  path: string,
  body: unknown,
): Promise<LightMyRequestResponse> {
  return app.inject({ method: 'POST', url: `/api/v1/${path}`, payload: body as object });
}

/** The response body as JSON, failing the test with the raw text when it is not JSON. */
export function json(response: LightMyRequestResponse): Record<string, unknown> {
  try {
    return JSON.parse(response.body) as Record<string, unknown>;
  } catch {
    throw new Error(`not JSON (${response.statusCode}): ${response.body.slice(0, 200)}`);
  }
}

export function sortedKeys(value: unknown): string[] {
  return Object.keys(value as object).sort();
}
