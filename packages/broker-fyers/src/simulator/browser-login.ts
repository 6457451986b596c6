import { submitLoginForm } from '@openalgo/testkit/simulator';

export { formFields } from '@openalgo/testkit/simulator';

/**
 * What a browser does on the simulator's Fyers login page, without one: GET the login URL, fill the
 * client id and password into the form, POST it and read the redirect. Returns the redirect's query
 * parameters (`s`, `code`, `auth_code`, `state`).
 */
export function loginWithForm(
  loginUrl: string,
  credentials: { userId: string; password: string },
): Promise<Record<string, string>> {
  return submitLoginForm(loginUrl, { fy_id: credentials.userId, password: credentials.password });
}
