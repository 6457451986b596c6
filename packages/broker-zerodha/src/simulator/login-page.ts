import type { Route, SimulatorRequest, SimulatorResponse } from '@openalgo/testkit/simulator';
import { formOf } from './order-form.js';
import type { KiteSessions } from './sessions.js';

export const LOGIN_PATH = '/connect/login';
/** Where the login lands when neither the app nor the login URL names a redirect URL. */
export const DEFAULT_REDIRECT_PATH = '/connect/redirected';

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

interface LoginContext {
  apiKey: string | undefined;
  redirectParams: string | undefined;
  redirectUrl: string | undefined;
}

function loginForm(ctx: LoginContext, error?: string): SimulatorResponse {
  const notice = error ? `<p role="alert">${escapeHtml(error)}</p>\n` : '';
  return html(
    error ? 401 : 200,
    'Login to Kite (simulator)',
    `${notice}<form method="post" action="${LOGIN_PATH}">\n` +
      hidden('api_key', ctx.apiKey) +
      hidden('redirect_params', ctx.redirectParams) +
      hidden('redirect_url', ctx.redirectUrl) +
      '<p><label>User ID <input name="user_id" autocomplete="username" required></label></p>\n' +
      '<p><label>Password <input type="password" name="password" autocomplete="current-password" required></label></p>\n' +
      '<p><button type="submit">Login</button></p>\n</form>',
  );
}

export interface LoginPageOptions {
  sessions: KiteSessions;
  /** The app's registered redirect URL (Kite always sends the user there). */
  redirectUrl: () => string;
}

/**
 * Kite's login page as a plain HTML form (user id, password), so a script can log in without a
 * browser: `GET /connect/login?api_key=…&v=3&redirect_params=…` shows it, the POST answers 302 to
 * the app's redirect URL with `request_token`, `action=login`, `type=login`, `status=success` and the
 * decoded `redirect_params`. A `redirect_url` query parameter overrides the registered URL (a
 * simulator convenience; real Kite only uses the registered one).
 */
export function loginRoutes(options: LoginPageOptions): Route[] {
  const { sessions } = options;
  const badKey = () =>
    html(400, 'Invalid api_key', '<p>The api_key in the login URL is not a Kite Connect app here.</p>');
  return [
    {
      method: 'GET',
      path: LOGIN_PATH,
      handler: (req: SimulatorRequest) => {
        const ctx = {
          apiKey: req.query.api_key,
          redirectParams: req.query.redirect_params,
          redirectUrl: req.query.redirect_url,
        };
        return ctx.apiKey === sessions.credentials.apiKey ? loginForm(ctx) : badKey();
      },
    },
    {
      method: 'POST',
      path: LOGIN_PATH,
      handler: (req: SimulatorRequest) => {
        const form = formOf(req.body);
        const ctx = {
          apiKey: form.api_key,
          redirectParams: form.redirect_params,
          redirectUrl: form.redirect_url,
        };
        if (ctx.apiKey !== sessions.credentials.apiKey) return badKey();
        if (!sessions.checkPassword(form.user_id, form.password)) {
          return loginForm(ctx, 'Invalid user ID or password.');
        }
        const target = new URL(ctx.redirectUrl || options.redirectUrl());
        target.searchParams.set('request_token', sessions.issueRequestToken());
        target.searchParams.set('action', 'login');
        target.searchParams.set('type', 'login');
        target.searchParams.set('status', 'success');
        for (const [name, value] of new URLSearchParams(ctx.redirectParams ?? '')) {
          if (!target.searchParams.has(name)) target.searchParams.set(name, value);
        }
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
          'Logged in to the Kite simulator',
          `<p>request_token: <code>${escapeHtml(req.query.request_token ?? '')}</code></p>\n` +
            '<p>Exchange it with <code>POST /session/token</code> (api_key, request_token, checksum).</p>',
        ),
    },
  ];
}
