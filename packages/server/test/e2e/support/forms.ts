import { type Dispatcher, request } from 'undici';

function unescapeHtml(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** The first form on a page: its action and its inputs' values, as a browser would submit them. */
export function firstForm(html: string): { action: string; fields: Record<string, string> } {
  const form = /<form\b([^>]*)>([\s\S]*?)<\/form>/i.exec(html);
  const action = /\baction="([^"]*)"/i.exec(form?.[1] ?? '')?.[1];
  if (!form || action === undefined) throw new Error(`no form on the page: ${html.slice(0, 300)}`);
  const fields: Record<string, string> = {};
  for (const input of (form[2] ?? '').matchAll(/<input\b([^>]*)>/gi)) {
    const name = /\bname="([^"]*)"/i.exec(input[1] ?? '')?.[1];
    if (name) fields[name] = unescapeHtml(/\bvalue="([^"]*)"/i.exec(input[1] ?? '')?.[1] ?? '');
  }
  return { action: unescapeHtml(action), fields };
}

/**
 * Fills the first form of `html` (served at `pageUrl`) and posts it as a browser would: its own
 * inputs (hidden ones included) overridden by `typed`, with the cookie when one is given.
 */
export async function submitFirstForm(
  pageUrl: string,
  html: string,
  typed: Record<string, string>,
  cookie?: string,
): Promise<Dispatcher.ResponseData> {
  const { action, fields } = firstForm(html);
  return request(new URL(action, pageUrl), {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(cookie === undefined ? {} : { cookie }),
    },
    body: new URLSearchParams({ ...fields, ...typed }).toString(),
  });
}

/** The `name=value` part of a response's Set-Cookie, for the next request. */
export function cookieOf(response: Dispatcher.ResponseData): string {
  return String(response.headers['set-cookie']).split(';')[0] as string;
}
