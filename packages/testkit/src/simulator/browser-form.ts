import { type Dispatcher, request } from 'undici';

/** A form as a browser would submit it: where it posts and its inputs' values (hidden ones included). */
export interface HtmlForm {
  /** The `action` attribute, unescaped; undefined when the page has no form or the form has none. */
  action: string | undefined;
  fields: Record<string, string>;
}

function unescapeHtml(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** The hidden and visible inputs of the first form on an HTML page, by name, and its action. */
export function formFields(html: string): HtmlForm {
  const form = /<form\b([^>]*)>([\s\S]*?)<\/form>/i.exec(html);
  const fields: Record<string, string> = {};
  if (!form) return { action: undefined, fields };
  const action = /\baction="([^"]*)"/i.exec(form[1] ?? '')?.[1];
  for (const input of (form[2] ?? '').matchAll(/<input\b([^>]*)>/gi)) {
    const attrs = input[1] ?? '';
    const name = /\bname="([^"]*)"/i.exec(attrs)?.[1];
    if (!name) continue;
    fields[name] = unescapeHtml(/\bvalue="([^"]*)"/i.exec(attrs)?.[1] ?? '');
  }
  return { action: action === undefined ? undefined : unescapeHtml(action), fields };
}

/**
 * Posts the first form of `html` (served at `pageUrl`) as a browser would: its own inputs overridden
 * by `typed`, urlencoded, with `cookie` when one is given. Throws when the page has no form.
 */
export async function submitForm(
  pageUrl: string | URL,
  html: string,
  typed: Record<string, string>,
  options: { cookie?: string } = {},
): Promise<Dispatcher.ResponseData> {
  const { action, fields } = formFields(html);
  if (action === undefined) throw new Error(`no form on the page: ${html.slice(0, 300)}`);
  return request(new URL(action, pageUrl), {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(options.cookie === undefined ? {} : { cookie: options.cookie }),
    },
    body: new URLSearchParams({ ...fields, ...typed }).toString(),
  });
}

/**
 * What a browser does on a broker's login page, without one: GET `loginUrl`, fill `typed` into its
 * form (the broker's own field names, e.g. `{ user_id, password }`), POST it and read the redirect.
 * Returns the redirect's query parameters. The typed values never appear in an error.
 */
export async function submitLoginForm(
  loginUrl: string,
  typed: Record<string, string>,
): Promise<Record<string, string>> {
  const page = await request(loginUrl);
  const html = await page.body.text();
  if (page.statusCode !== 200)
    throw new Error(`login page answered ${page.statusCode}: ${html.slice(0, 200)}`);
  if (formFields(html).action === undefined) throw new Error('login page has no form');
  const posted = await submitForm(loginUrl, html, typed);
  await posted.body.dump();
  const location = posted.headers.location;
  if (posted.statusCode !== 302 || typeof location !== 'string') {
    throw new Error(`login form answered ${posted.statusCode} without a redirect`);
  }
  return Object.fromEntries(new URL(location).searchParams);
}
