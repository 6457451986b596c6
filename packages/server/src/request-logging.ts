import type { Clock } from '@openalgo/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { RejectionLog } from './rejection-log.js';

/** The envelope's `code`, read from an error answer's JSON without parsing all of it. */
const CODE_IN_BODY = /"code":"([A-Z_]{1,40})"/;

/**
 * One log line per request, written when the answer has gone out. Build the app with
 * `logController: new LogController({ disableRequestLogging: true })`: fastify's own logging writes
 * an "incoming request" and a "request completed" line, and the API added a third for a rejection. Successes log at info. Rejections
 * (4xx) log their route, code, status and client address through a RejectionLog, so a flood of
 * one rejection from one client writes a line per window with the count of those left out. The
 * request's URL goes through the logger's `req` serializer, which redacts secret query parameters.
 */
export function logRequestsOnce(
  app: FastifyInstance,
  options: { clock: Clock; rejections?: RejectionLog },
): void {
  const rejections = options.rejections ?? new RejectionLog(options.clock);
  const codes = new WeakMap<FastifyRequest, string>();
  app.addHook('onSend', async (request, reply, payload) => {
    if (reply.statusCode >= 400 && typeof payload === 'string') {
      const code = CODE_IN_BODY.exec(payload.slice(0, 2000))?.[1];
      if (code) codes.set(request, code);
    }
    return payload;
  });
  app.addHook('onResponse', async (request, reply) => {
    const status = reply.statusCode;
    const responseTime = Math.round(reply.elapsedTime * 100) / 100;
    if (status < 400) {
      request.log.info({ req: request, status, responseTime }, 'request completed');
      return;
    }
    // A 5xx is logged once, with its error, by the handler that answered it (api/index.ts, app-envelope.ts).
    if (status >= 500) return;
    // The matched route, never the raw URL: the window key must not grow with what clients send.
    const route = request.routeOptions.url ?? '(no route)';
    const code = codes.get(request) ?? `HTTP_${status}`;
    const address = request.ip ?? 'unknown';
    const verdict = rejections.note(route, code, address);
    if (!verdict.log) return;
    const line = { req: request, status, code, route, remoteAddress: address, responseTime };
    if (verdict.suppressed > 0) {
      request.log.info(
        { ...line, suppressed: verdict.suppressed },
        `request rejected (${verdict.suppressed} similar rejections suppressed)`,
      );
    } else request.log.info(line, 'request rejected');
  });
}
