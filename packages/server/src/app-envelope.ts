import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError, errorReply } from './api/errors.js';

/** Longest path echoed in a 404: the URL is the client's, its length is not. */
const MAX_ECHOED_PATH = 100;

/** The request's path without its query (which may carry `?apikey=…`), bounded, for messages. */
export function pathOnly(url: string): string {
  const q = url.indexOf('?');
  return (q < 0 ? url : url.slice(0, q)).slice(0, MAX_ECHOED_PATH);
}

function send(request: FastifyRequest, reply: FastifyReply, error: unknown): void {
  const out = errorReply(error);
  // A 5xx is logged here, once, with its error; a 4xx gets the one request line (request-logging.ts).
  const context = { err: error, status: out.statusCode, route: request.routeOptions.url };
  if (out.logLevel === 'error') request.log.error(context, 'request failed unexpectedly');
  else if (out.logLevel === 'warn') request.log.warn(context, 'request failed');
  reply.code(out.statusCode).headers(out.headers).send(out.body);
}

/**
 * Outside the API plugin (which answers its own prefix), unknown paths and failures answer in
 * OpenAlgo's envelope too, never fastify's default `Route GET:/x?apikey=… not found`, which echoes
 * the query string and with it a key sent in the URL.
 */
export function envelopeErrors(app: FastifyInstance): void {
  app.setNotFoundHandler((request, reply) => {
    const message = `No endpoint ${request.method} ${pathOnly(request.url)}; see /api/docs`;
    send(request, reply, new ApiError(404, 'NOT_FOUND', message));
  });
  app.setErrorHandler((error, request, reply) => send(request, reply, error));
}
