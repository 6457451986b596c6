import { submitLoginForm } from '@openalgo/testkit/simulator';

export { formFields } from '@openalgo/testkit/simulator';

/**
 * What a browser does on Kite's login page, without one: GET the login URL, fill user id and
 * password into the form, POST it and read the redirect. Returns the redirect's query parameters
 * (`request_token`, `status`, and whatever `redirect_params` carried).
 */
export function loginWithForm(
  loginUrl: string,
  credentials: { userId: string; password: string },
): Promise<Record<string, string>> {
  return submitLoginForm(loginUrl, { user_id: credentials.userId, password: credentials.password });
}
