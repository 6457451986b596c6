import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createSimulatorServer,
  formFields,
  type SimulatorResponse,
  type SimulatorServer,
  submitForm,
  submitLoginForm,
} from '../../src/simulator/index.js';

let server: SimulatorServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const PAGE = `<html><body>
<form method="post" action="/login?next=a&amp;b=1">
  <input type="hidden" name="state" value="s&quot;1&#39;&lt;&gt;">
  <input type="text" name="user_id">
  <input name="password" type="password" value="">
  <input type="submit" value="Log in">
</form>
<form action="/other"><input name="ignored" value="x"></form>
</body></html>`;

/** A login page whose form posts back and redirects with the posted fields when the password is right. */
async function loginSite(): Promise<SimulatorServer> {
  return createSimulatorServer({
    routes: [
      {
        method: 'GET',
        path: '/connect',
        handler: () => ({ body: PAGE, headers: { 'content-type': 'text/html' } }),
      },
      {
        method: 'POST',
        path: '/login',
        handler: (req): SimulatorResponse => {
          const form = req.body as Record<string, string>;
          if (form.password !== 'right')
            return { status: 200, body: PAGE, headers: { 'content-type': 'text/html' } };
          const target = new URL('http://127.0.0.1:9/callback');
          for (const [key, value] of Object.entries({ ...form, next: req.query.next ?? '' }))
            target.searchParams.set(key, value);
          return { status: 302, headers: { location: target.toString() }, body: '' };
        },
      },
      { method: 'GET', path: '/broken', handler: () => ({ status: 503, body: 'down' }) },
      {
        method: 'GET',
        path: '/formless',
        handler: () => ({ body: '<p>nothing</p>', headers: { 'content-type': 'text/html' } }),
      },
    ],
  });
}

describe('formFields', () => {
  it('reads the first form: its unescaped action and every named input, hidden ones included', () => {
    expect(formFields(PAGE)).toEqual({
      action: '/login?next=a&b=1',
      fields: { state: `s"1'<>`, user_id: '', password: '' },
    });
  });

  it('answers no action and no fields for a page without a form', () => {
    expect(formFields('<p>hello</p>')).toEqual({ action: undefined, fields: {} });
  });
});

describe('submitForm', () => {
  it('posts the form urlencoded to its action, typed values over its own, with the cookie', async () => {
    server = await createSimulatorServer({
      routes: [{ method: 'POST', path: '/login', handler: () => ({ body: { ok: true } }) }],
    });
    const res = await submitForm(
      `${server.url}/connect`,
      PAGE,
      { user_id: 'AB12', password: 'pw' },
      {
        cookie: 'sid=1',
      },
    );
    expect(res.statusCode).toBe(200);
    await res.body.dump();
    const posted = server.requests[0];
    expect(posted?.query).toEqual({ next: 'a', b: '1' });
    expect(posted?.headers.cookie).toBe('sid=1');
    expect(posted?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(posted?.rawBody).toBe('state=s%221%27%3C%3E&user_id=AB12&password=pw');
  });

  it('refuses a page without a form, quoting the page', async () => {
    await expect(submitForm('http://127.0.0.1:9/', '<p>gone</p>', {})).rejects.toThrow(
      /no form on the page: <p>gone<\/p>/,
    );
  });
});

describe('submitLoginForm', () => {
  it('gets the page, posts the typed fields with the hidden ones and returns the redirect query', async () => {
    server = await loginSite();
    const params = await submitLoginForm(`${server.url}/connect`, { user_id: 'AB12', password: 'right' });
    expect(params).toEqual({ state: `s"1'<>`, user_id: 'AB12', password: 'right', next: 'a' });
  });

  it('names what went wrong without repeating what was typed', async () => {
    server = await loginSite();
    const wrong = submitLoginForm(`${server.url}/connect`, { user_id: 'AB12', password: 'secret-typed' });
    await expect(wrong).rejects.toThrow('login form answered 200 without a redirect');
    await wrong.catch((error: Error) => expect(error.message).not.toContain('secret-typed'));
    await expect(submitLoginForm(`${server.url}/broken`, {})).rejects.toThrow(
      /login page answered 503: down/,
    );
    await expect(submitLoginForm(`${server.url}/formless`, {})).rejects.toThrow('login page has no form');
    const page = await request(`${server.url}/connect`);
    await page.body.dump();
    expect(server.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
  });
});
