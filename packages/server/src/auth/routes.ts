import { type BrokerPlugin, type Clock, isOpenAlgoError, type Logger } from '@openalgo/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { BrokerCatalog } from '../accounts/broker-catalog.js';
import type { BrokerConfigResult } from '../accounts/broker-config.js';
import type { AccountRegistry } from '../accounts/registry.js';
import {
  clearStateCookie,
  LOGIN_STATE_COOKIE,
  type LoginStates,
  parseCookies,
  stateCookie,
} from './login-state.js';
import {
  accountsPage,
  type BrokerStatus,
  credentialsPage,
  errorPage,
  loginResultPage,
  type ServerUrls,
} from './pages.js';

export interface AuthRoutesOptions {
  registry: AccountRegistry;
  catalog: BrokerCatalog;
  brokerConfigs: ReadonlyMap<string, BrokerConfigResult<unknown>>;
  loginStates: LoginStates;
  urls: () => ServerUrls;
  /** Mark the state cookie Secure (the server is reached over https). */
  secureCookies: boolean;
  clock: Clock;
  logger: Logger;
}

type BrokerParams = { Params: { broker: string } };
const FORM_LIMIT = 16 * 1024;

function sendHtml(reply: FastifyReply, status: number, body: string) {
  return reply
    .code(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('x-frame-options', 'DENY')
    .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'")
    .send(body);
}

function stringParams(source: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof source !== 'object' || source === null) return out;
  for (const [key, value] of Object.entries(source)) {
    if (typeof value === 'string') out[key] = value;
    else if (Array.isArray(value) && typeof value[0] === 'string') out[key] = value[0];
  }
  return out;
}

const STATE_PROBLEMS: Record<string, string> = {
  missing:
    'The login did not carry its security state (the link was not started from this server, or cookies are blocked).',
  mismatch:
    'The login security state does not match this browser: the callback did not come from the login you started.',
  unknown: 'This login link was already used or was never issued.',
  expired: 'This login link expired.',
  wrong_broker: 'This login was started for another broker.',
};

/**
 * Broker login (`/auth/:broker/login` → the broker → `/auth/:broker/callback`) and the accounts
 * page at `/`. Everything shown is HTML-escaped; nothing secret is ever echoed back except a newly
 * minted API key, once, on the page that created it.
 */
export async function authRoutes(app: FastifyInstance, options: AuthRoutesOptions): Promise<void> {
  const { registry, catalog, brokerConfigs, loginStates, logger } = options;

  // Credential brokers post an HTML form; only these routes accept form bodies.
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: FORM_LIMIT },
    (_req, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))),
  );

  const brokerStatuses = (): BrokerStatus[] =>
    [...catalog.entries.values()].map((entry) => {
      const configured = brokerConfigs.get(entry.id);
      return {
        id: entry.id,
        name: entry.plugin.manifest.name,
        auth: entry.plugin.manifest.auth,
        origin: entry.origin,
        configProblem: configured?.ok ? undefined : (configured?.message ?? 'not configured'),
      };
    });

  app.get('/', async (_request, reply) =>
    sendHtml(
      reply,
      200,
      accountsPage({
        accounts: registry.summaries(),
        brokers: brokerStatuses(),
        diagnostics: catalog.diagnostics,
        urls: options.urls(),
      }),
    ),
  );

  /** The plugin and its config, or a reply already sent explaining why not. */
  const brokerFor = (
    reply: FastifyReply,
    id: string,
  ): { plugin: BrokerPlugin; config: unknown } | undefined => {
    const entry = catalog.entries.get(id);
    if (!entry) {
      sendHtml(reply, 404, errorPage('Unknown broker', `No broker plugin "${id}" is loaded on this server.`));
      return undefined;
    }
    const configured = brokerConfigs.get(id);
    if (!configured?.ok) {
      sendHtml(
        reply,
        400,
        errorPage('Broker not configured', configured?.message ?? `${id} is not configured.`),
      );
      return undefined;
    }
    return { plugin: entry.plugin, config: configured.config };
  };

  const finishLogin = async (reply: FastifyReply, broker: string, params: Record<string, string>) => {
    try {
      const result = await registry.completeLogin(broker, params);
      return sendHtml(
        reply,
        200,
        loginResultPage({
          broker,
          accountId: result.account.id,
          userId: result.account.userId,
          apiKey: result.apiKey,
          createdAccount: result.createdAccount,
        }),
      );
    } catch (error) {
      // Broker errors are written to be shown; anything else may carry internals, so it is logged only.
      const message = isOpenAlgoError(error) ? error.message : 'The broker login failed; see the server log.';
      logger.warn({ err: error, broker }, 'broker login failed');
      return sendHtml(
        reply,
        502,
        errorPage('Login failed', message, {
          href: `/auth/${encodeURIComponent(broker)}/login`,
          label: 'Try again',
        }),
      );
    }
  };

  app.get<BrokerParams>('/auth/:broker/login', async (request, reply) => {
    const { broker } = request.params;
    const found = brokerFor(reply, broker);
    if (!found) return reply;
    const { plugin, config } = found;
    const kind = plugin.manifest.auth;
    if (kind === 'none') return finishLogin(reply, broker, {});
    const state = loginStates.issue(broker);
    reply.header('set-cookie', stateCookie(state, { secure: options.secureCookies }));
    if (kind === 'credentials') {
      const configured = typeof config === 'object' && config !== null ? config : {};
      const fields = plugin.manifest.credentials.filter((f) => f.perLogin || !(f.name in configured));
      return sendHtml(reply, 200, credentialsPage({ broker, name: plugin.manifest.name, fields, state }));
    }
    const auth = plugin.auth(config, { clock: options.clock, logger, http: {} });
    if (!auth.loginUrl) {
      return sendHtml(
        reply,
        501,
        errorPage('Login not available', `The ${broker} plugin has no login page URL.`),
      );
    }
    return reply.code(302).header('cache-control', 'no-store').redirect(auth.loginUrl(state));
  });

  const callback = async (request: FastifyRequest<BrokerParams>, reply: FastifyReply) => {
    const { broker } = request.params;
    if (!brokerFor(reply, broker)) return reply;
    const params = { ...stringParams(request.query), ...stringParams(request.body) };
    const { state, ...rest } = params;
    const cookie = parseCookies(request.headers.cookie)[LOGIN_STATE_COOKIE];
    reply.header('set-cookie', clearStateCookie(options.secureCookies));
    const check = loginStates.consume(broker, state, cookie);
    if (!check.ok) {
      logger.warn({ broker, reason: check.reason }, 'broker login callback rejected: bad state');
      return sendHtml(
        reply,
        403,
        errorPage('Login rejected', STATE_PROBLEMS[check.reason] ?? 'Invalid login state.', {
          href: `/auth/${encodeURIComponent(broker)}/login`,
          label: 'Start the login again',
        }),
      );
    }
    return finishLogin(reply, broker, rest);
  };
  app.get<BrokerParams>('/auth/:broker/callback', callback);
  app.post<BrokerParams>('/auth/:broker/callback', callback);
}
