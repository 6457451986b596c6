import { request } from 'undici';

/** The hidden and visible inputs of the first form on an HTML page, by name. */
export function formFields(html: string): { action: string | undefined; fields: Record<string, string> } {
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

function unescapeHtml(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/**
 * What a browser does on the simulator's Fyers login page, without one: GET the login URL, fill the
 * client id and password into the form, POST it and read the redirect. Returns the redirect's query
 * parameters (`s`, `code`, `auth_code`, `state`).
 */
export async function loginWithForm(
  loginUrl: string,
  credentials: { userId: string; password: string },
): Promise<Record<string, string>> {
  const page = await request(loginUrl);
  const html = await page.body.text();
  if (page.statusCode !== 200)
    throw new Error(`login page answered ${page.statusCode}: ${html.slice(0, 200)}`);
  const { action, fields } = formFields(html);
  if (action === undefined) throw new Error('login page has no form');
  fields.fy_id = credentials.userId;
  fields.password = credentials.password;
  const posted = await request(new URL(action, loginUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
  await posted.body.dump();
  const location = posted.headers.location;
  if (posted.statusCode !== 302 || typeof location !== 'string') {
    throw new Error(`login form answered ${posted.statusCode} without a redirect`);
  }
  return Object.fromEntries(new URL(location).searchParams);
}
