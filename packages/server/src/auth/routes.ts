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
  type StateCheck,
  stateCookie,
  TOO_MANY_LOGINS,
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

/** What a page route answers: an HTML page, or a redirect to the broker; either may set a cookie. */
type Answer = ({ status: number; html: string } | { redirect: string }) & { cookie?: string | undefined };

interface PageContext {
  options: AuthRoutesOptions;
  /** Query and form fields, first value each. */
  params: Record<string, string>;
  cookies: Record<string, string>;
  method: string;
  address: string; // the client's (TCP peer), for the cap on pending logins
}

/** The loaded, configured broker a `/auth/:broker/…` path names. */
interface PathBroker {
  id: string;
  plugin: BrokerPlugin;
  config: unknown;
}

/**
 * One page route, declared like the `/api/v1` endpoints: the runner resolves the broker the path
 * names when the route is about one (a 404 or 400 page when it is not loaded or not configured) and
 * sends the answer with the pages' security headers.
 */
type PageRoute = { methods: ReadonlyArray<'GET' | 'POST'>; url: string } & (
  | { broker: false; handle(context: PageContext): Promise<Answer> }
  | { broker: true; handle(context: PageContext, broker: PathBroker): Promise<Answer> }
);

const FORM_LIMIT = 16 * 1024;

const STATE_PROBLEMS: Record<Exclude<StateCheck, { ok: true }>['reason'], string> = {
  missing:
    'The login did not carry its security state (the link was not started from this server, or cookies are blocked).',
  mismatch:
    'The login security state does not match this browser: the callback did not come from the login you started.',
  unknown: 'This login link was already used or was never issued.',
  expired: 'This login link expired.',
  wrong_broker: 'This login was started for another broker.',
};

const page = (status: number, html: string, cookie?: string): Answer => ({ status, html, cookie });
const loginAgain = (broker: string, label: string) => ({
  href: `/auth/${encodeURIComponent(broker)}/login`,
  label,
});

/** The page for a login whose security state failed its check. */
const stateRejected = (broker: string, reason: keyof typeof STATE_PROBLEMS) =>
  errorPage('Login rejected', STATE_PROBLEMS[reason], loginAgain(broker, 'Start the login again'));

function brokerStatuses({ catalog, brokerConfigs }: AuthRoutesOptions): BrokerStatus[] {
  return [...catalog.entries.values()].map((entry) => {
    const configured = brokerConfigs.get(entry.id);
    return {
      id: entry.id,
      name: entry.plugin.manifest.name,
      auth: entry.plugin.manifest.auth,
      origin: entry.origin,
      configProblem: configured?.ok ? undefined : (configured?.message ?? 'not configured'),
    };
  });
}

async function finishLogin(
  { registry, logger }: AuthRoutesOptions,
  broker: string,
  params: Record<string, string>,
  cookie?: string,
): Promise<Answer> {
  try {
    return page(200, loginResultPage(broker, await registry.completeLogin(broker, params)), cookie);
  } catch (error) {
    // Broker errors are written to be shown; anything else may carry internals, so it is logged only.
    const message = isOpenAlgoError(error) ? error.message : 'The broker login failed; see the server log.';
    logger.warn({ err: error, broker }, 'broker login failed');
    return page(502, errorPage('Login failed', message, loginAgain(broker, 'Try again')), cookie);
  }
}

const accounts: PageRoute = {
  methods: ['GET'],
  url: '/',
  broker: false,
  async handle({ options }) {
    const { registry, catalog, urls } = options;
    const brokers = brokerStatuses(options);
    return page(
      200,
      accountsPage({
        accounts: registry.summaries(),
        brokers,
        diagnostics: catalog.diagnostics,
        urls: urls(),
      }),
    );
  },
};

/**
 * Starts a login: no login at all, the broker's credential form, or a redirect to its login page. A
 * redirect broker that declares per-login fields (Fyers' PIN, which its refresh needs) first asks for
 * them here; the form posts back to this route, which keeps them with the state and then redirects.
 */
const login: PageRoute = {
  methods: ['GET', 'POST'],
  url: '/auth/:broker/login',
  broker: true,
  async handle({ options, params, cookies, method, address }, { id, plugin, config }) {
    const kind = plugin.manifest.auth;
    if (kind === 'none') return finishLogin(options, id, {});
    if (method === 'POST' && kind === 'redirect')
      return keepFieldsAndRedirect(options, params, cookies, id, plugin, config);
    const state = options.loginStates.issue(id, address);
    if (state === undefined) return page(429, errorPage('Too many logins in progress', TOO_MANY_LOGINS));
    const cookie = stateCookie(state, { secure: options.secureCookies });
    if (kind === 'credentials') {
      const configured = typeof config === 'object' && config !== null ? config : {};
      const fields = plugin.manifest.credentials.filter((f) => f.perLogin || !(f.name in configured));
      return page(200, credentialsPage({ broker: id, name: plugin.manifest.name, fields, state }), cookie);
    }
    const asked = plugin.manifest.credentials.filter((f) => f.perLogin);
    if (asked.length > 0) {
      const intro = `${plugin.manifest.name} asks for these before you go to its login page.`;
      const form = credentialsPage({
        broker: id,
        name: plugin.manifest.name,
        fields: asked,
        state,
        action: 'login',
        intro,
      });
      return page(200, form, cookie);
    }
    return redirectToBroker(options, id, plugin, config, state, cookie);
  },
};

function redirectToBroker(
  options: AuthRoutesOptions,
  id: string,
  plugin: BrokerPlugin,
  config: unknown,
  state: string,
  cookie?: string,
): Answer {
  const auth = plugin.auth(config, { clock: options.clock, logger: options.logger, http: {} });
  if (!auth.loginUrl) {
    return page(501, errorPage('Login not available', `The ${id} plugin has no login page URL.`));
  }
  return { redirect: auth.loginUrl(state), cookie };
}

function keepFieldsAndRedirect(
  options: AuthRoutesOptions,
  params: Record<string, string>,
  cookies: Record<string, string>,
  id: string,
  plugin: BrokerPlugin,
  config: unknown,
): Answer {
  const { state, ...typed } = params;
  const fields: Record<string, string> = {};
  for (const field of plugin.manifest.credentials.filter((f) => f.perLogin)) {
    const value = typed[field.name];
    if (value !== undefined && value !== '') fields[field.name] = value;
  }
  const check = options.loginStates.attach(id, state, cookies[LOGIN_STATE_COOKIE], fields);
  if (!check.ok) {
    options.logger.warn({ broker: id, reason: check.reason }, 'broker login form rejected: bad state');
    return page(403, stateRejected(id, check.reason), clearStateCookie(options.secureCookies));
  }
  return redirectToBroker(options, id, plugin, config, state ?? '');
}

/** The broker sends the browser back here (a redirect, or the credential form's post). */
const callback: PageRoute = {
  methods: ['GET', 'POST'],
  url: '/auth/:broker/callback',
  broker: true,
  async handle({ options, params, cookies }, { id }) {
    const { state, ...rest } = params;
    const cleared = clearStateCookie(options.secureCookies);
    const check = options.loginStates.consume(id, state, cookies[LOGIN_STATE_COOKIE]);
    // Fields the user typed before a redirect win over anything the broker's redirect carries.
    if (check.ok) return finishLogin(options, id, { ...rest, ...check.fields }, cleared);
    options.logger.warn({ broker: id, reason: check.reason }, 'broker login callback rejected: bad state');
    return page(403, stateRejected(id, check.reason), cleared);
  },
};

export const PAGE_ROUTES: readonly PageRoute[] = [accounts, login, callback];

function stringParams(...sources: unknown[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const source of sources) {
    if (typeof source !== 'object' || source === null) continue;
    for (const [key, value] of Object.entries(source)) {
      if (typeof value === 'string') out[key] = value;
      else if (Array.isArray(value) && typeof value[0] === 'string') out[key] = value[0];
    }
  }
  return out;
}

/** The broker the path names, or the page saying why it cannot log in. */
function resolveBroker(options: AuthRoutesOptions, id: string): PathBroker | Answer {
  const entry = options.catalog.entries.get(id);
  if (!entry) {
    return page(404, errorPage('Unknown broker', `No broker plugin "${id}" is loaded on this server.`));
  }
  const configured = options.brokerConfigs.get(id);
  if (!configured?.ok) {
    return page(400, errorPage('Broker not configured', configured?.message ?? `${id} is not configured.`));
  }
  return { id, plugin: entry.plugin, config: configured.config };
}

function send(reply: FastifyReply, answer: Answer) {
  reply.header('cache-control', 'no-store');
  if (answer.cookie) reply.header('set-cookie', answer.cookie);
  if ('redirect' in answer) return reply.code(302).redirect(answer.redirect);
  return reply
    .code(answer.status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('x-frame-options', 'DENY')
    .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'")
    .send(answer.html);
}

/**
 * Broker login (`/auth/:broker/login` → the broker → `/auth/:broker/callback`) and the accounts page at
 * `/`. All shown is HTML-escaped; nothing secret is echoed but a new API key, once, on its page.
 */
export async function authRoutes(app: FastifyInstance, options: AuthRoutesOptions): Promise<void> {
  // Credential brokers post an HTML form; only these routes accept form bodies.
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: FORM_LIMIT },
    (_req, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))),
  );
  for (const route of PAGE_ROUTES) {
    app.route({
      method: [...route.methods],
      url: route.url,
      handler: async (request: FastifyRequest<{ Params: { broker?: string } }>, reply) => {
        const params = stringParams(request.query, request.body);
        const context = {
          options,
          params,
          cookies: parseCookies(request.headers.cookie),
          method: request.method,
          address: request.ip,
        };
        if (!route.broker) return send(reply, await route.handle(context));
        const broker = resolveBroker(options, request.params.broker ?? '');
        return send(reply, 'plugin' in broker ? await route.handle(context, broker) : broker);
      },
    });
  }
}
