import type { IncomingHttpHeaders } from 'node:http';
import { appError, invalidApiKey } from './envelope.js';

/**
 * The six `X-` headers every SmartAPI call carries, login included (§2.2). Only their presence is
 * checked for the IP and MAC ones: Angel does not validate those values (the JS SDK sends the literal
 * `null` as its public IP, the Python SDK dummy addresses, OpenAlgo placeholder words).
 */
export const REQUIRED_HEADERS = [
  'X-UserType',
  'X-SourceID',
  'X-ClientLocalIP',
  'X-ClientPublicIP',
  'X-MACAddress',
  'X-PrivateKey',
] as const;

function value(headers: IncomingHttpHeaders, name: string): string | undefined {
  const raw = headers[name.toLowerCase()];
  const text = Array.isArray(raw) ? raw[0] : raw;
  return text === undefined || text.trim() === '' ? undefined : text.trim();
}

/** Throws Angel's error for a missing header, a user type other than USER, or an unknown API key. */
export function checkHeaders(headers: IncomingHttpHeaders, apiKey: string): void {
  for (const name of REQUIRED_HEADERS) {
    if (value(headers, name) === undefined) throw invalidApiKey(`Invalid Header: ${name} is required`);
  }
  if (value(headers, 'X-UserType') !== 'USER') throw appError('AB1005', 'User Type Must Be USER');
  if (value(headers, 'X-PrivateKey') !== apiKey) throw invalidApiKey('Invalid API Key');
}
