import type { Route, SimulatorRequest, SimulatorResponse } from '@openalgo/testkit/simulator';
import type { FyersSessions } from './sessions.js';

/** Fyers' login URL path (`https://api-t1.fyers.in/api/v3/generate-authcode`, brokers.md §3.1). */
export const LOGIN_PATH = '/api/v3/generate-authcode';
/** Where the login lands when the app registered no redirect URL of its own: a page showing the code. */
export const DEFAULT_REDIRECT_PATH = '/api/v3/redirected';

function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

function html(status: number, title: string, body: string): SimulatorResponse {
  return {
    status,
    headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
    body: `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>\n<body>\n<h1>${escapeHtml(title)}</h1>\n${body}\n</body></html>\n`,
  };
}

function hidden(name: string, value: string | undefined): string {
  return value === undefined ? '' : `<input type="hidden" name="${name}" value="${escapeHtml(value)}">\n`;
}

/** The OAuth parameters the login URL carries, passed through the form unchanged. */
interface LoginContext {
  clientId: string | undefined;
  redirectUri: string | undefined;
  state: string | undefined;
  responseType: string | undefined;
}

function contextOf(fields: Readonly<Record<string, string | undefined>>): LoginContext {
  return {
    clientId: fields.client_id,
    redirectUri: fields.redirect_uri,
    state: fields.state,
    responseType: fields.response_type,
  };
}

function loginForm(ctx: LoginContext, error?: string): SimulatorResponse {
  const notice = error ? `<p role="alert">${escapeHtml(error)}</p>\n` : '';
  return html(
    error ? 401 : 200,
    'Login to FYERS (simulator)',
    `${notice}<form method="post" action="${LOGIN_PATH}">\n` +
      hidden('client_id', ctx.clientId) +
      hidden('redirect_uri', ctx.redirectUri) +
      hidden('state', ctx.state) +
      hidden('response_type', ctx.responseType) +
      '<p><label>Client ID <input name="fy_id" autocomplete="username" required></label></p>\n' +
      '<p><label>Password <input type="password" name="password" autocomplete="current-password" required></label></p>\n' +
      '<p><button type="submit">Login</button></p>\n</form>',
  );
}

/** Why the app's parameters are refused, or undefined when they are Fyers-valid. */
function appProblem(ctx: LoginContext, sessions: FyersSessions): string | undefined {
  if (ctx.clientId !== sessions.credentials.appId) return 'The client_id is not an app here.';
  if (ctx.redirectUri !== sessions.credentials.redirectUrl) {
    return 'The redirect_uri does not match the redirect URL registered for this app.';
  }
  if (ctx.responseType !== 'code') return 'response_type must be code.';
  return undefined;
}

function formOf(body: unknown): Record<string, string> {
  if (typeof body !== 'object' || body === null) return {};
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(body)) if (typeof value === 'string') out[key] = value;
  return out;
}

/**
 * Fyers' login as a plain HTML form (client id, password), so a script can log in without a browser:
 * `GET /api/v3/generate-authcode?client_id=…&redirect_uri=…&response_type=code&state=…` shows it, the
 * POST answers 302 to the registered redirect URL with `s=ok&code=200&auth_code=<JWT>&state=<state>`
 * (brokers.md §3.2). The redirect_uri must be the registered one, as at Fyers. No TOTP step: the
 * simulator's user has none.
 */
export function loginRoutes(sessions: FyersSessions): Route[] {
  return [
    {
      method: 'GET',
      path: LOGIN_PATH,
      handler: (req: SimulatorRequest) => {
        const ctx = contextOf(req.query);
        const problem = appProblem(ctx, sessions);
        return problem ? html(400, 'Invalid login request', `<p>${escapeHtml(problem)}</p>`) : loginForm(ctx);
      },
    },
    {
      method: 'POST',
      path: LOGIN_PATH,
      handler: (req: SimulatorRequest) => {
        const form = formOf(req.body);
        const ctx = contextOf(form);
        const problem = appProblem(ctx, sessions);
        if (problem) return html(400, 'Invalid login request', `<p>${escapeHtml(problem)}</p>`);
        if (!sessions.checkPassword(form.fy_id, form.password)) {
          return loginForm(ctx, 'Invalid client ID or password.');
        }
        const target = new URL(ctx.redirectUri as string);
        target.searchParams.set('s', 'ok');
        target.searchParams.set('code', '200');
        target.searchParams.set('auth_code', sessions.issueAuthCode());
        target.searchParams.set('state', ctx.state ?? '');
        const location = target.toString();
        return {
          status: 302,
          headers: { location, 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
          body: `<a href="${escapeHtml(location)}">Continue</a>\n`,
        };
      },
    },
    {
      method: 'GET',
      path: DEFAULT_REDIRECT_PATH,
      handler: (req: SimulatorRequest) =>
        html(
          200,
          'Logged in to the FYERS simulator',
          `<p>auth_code: <code>${escapeHtml(req.query.auth_code ?? '')}</code></p>\n` +
            '<p>Exchange it with <code>POST /api/v3/validate-authcode</code> (grant_type, appIdHash, code).</p>',
        ),
    },
  ];
}
