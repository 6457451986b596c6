import { formFields, submitForm } from '@openalgo/testkit/simulator';
import type { Dispatcher } from 'undici';

/** The first form on a page: its action and its inputs' values, as a browser would submit them. */
export function firstForm(html: string): { action: string; fields: Record<string, string> } {
  const { action, fields } = formFields(html);
  if (action === undefined) throw new Error(`no form on the page: ${html.slice(0, 300)}`);
  return { action, fields };
}

/**
 * Fills the first form of `html` (served at `pageUrl`) and posts it as a browser would: its own
 * inputs (hidden ones included) overridden by `typed`, with the cookie when one is given.
 */
export function submitFirstForm(
  pageUrl: string,
  html: string,
  typed: Record<string, string>,
  cookie?: string,
): Promise<Dispatcher.ResponseData> {
  return submitForm(pageUrl, html, typed, cookie === undefined ? {} : { cookie });
}

/** The `name=value` part of a response's Set-Cookie, for the next request. */
export function cookieOf(response: Dispatcher.ResponseData): string {
  return String(response.headers['set-cookie']).split(';')[0] as string;
}
