import type { FastifyPluginAsync } from 'fastify';
import { pathOnly } from '../app-envelope.js';
import { MAX_BODY_BYTES } from './body-parser.js';
import { ApiError } from './errors.js';

/**
 * Routes OpenAlgo serves under /api/v1 that belong to its application — bots, charts, backtests,
 * its P&L tracker — rather than to the broker layer this server reimplements. A client calling one
 * gets a 501 in the envelope that names the route and says why, instead of a bare 404 that reads
 * like a typo. Every method and sub-path of each group answers so (OpenAlgo's own are listed in
 * the comments, from restx_api/ at 60156bc).
 */
export const APPLICATION_ROUTES: readonly { path: `/${string}`; feature: string; subPaths: boolean }[] = [
  // config, start, stop, webhook, users, broadcast, notify, stats, preferences
  { path: '/telegram', feature: 'Telegram bot', subPaths: true },
  // notify
  { path: '/whatsapp', feature: 'WhatsApp alerts', subPaths: true },
  // GET and POST: stored chart preferences
  { path: '/chart', feature: 'chart preferences', subPaths: false },
  // benchmarks, backtest, tearsheet, holdings
  { path: '/portfolio', feature: 'portfolio analytics', subPaths: true },
  // frequencies, backtest
  { path: '/sip', feature: 'SIP backtests', subPaths: true },
  // symbols (the sandbox's per-symbol day P&L) and the P&L tracker's other views
  { path: '/pnl', feature: 'P&L tracker', subPaths: true },
];

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/** Register under the API's prefix (`/api/v1`), beside `apiRoutes`. */
export const applicationRoutes: FastifyPluginAsync = async (app) => {
  // The body is never read: whatever a client sends, the answer is the same 501.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: MAX_BODY_BYTES }, (_request, _body, done) =>
    done(null, undefined),
  );
  for (const { path, feature, subPaths } of APPLICATION_ROUTES) {
    const handler = async (request: { method: string; url: string }) => {
      const route = pathOnly(request.url).replace(/\/+$/, '');
      throw new ApiError(
        501,
        'NOT_SUPPORTED',
        `${request.method} ${route} is OpenAlgo's ${feature}, part of its application, not of the broker ` +
          'layer; this server is the broker layer and does not serve it (see /api/docs for what it serves)',
        { route },
      );
    };
    const urls = subPaths ? [path, `${path}/*`] : [path];
    for (const url of urls) app.route({ method: [...METHODS], url, handler, logLevel: 'warn' });
  }
};
