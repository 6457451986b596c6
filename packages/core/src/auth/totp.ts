import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * RFC 6238 time-based one-time passwords (HMAC-SHA1, 30 s steps, 6 digits — what authenticator apps
 * and brokers' TOTP logins use). One home for both sides: an adapter generates a code from an
 * account's stored secret to log in again by itself, and a simulator verifies the code it is sent.
 */
export interface TotpOptions {
  /** Step length in seconds. Default 30. */
  stepSeconds?: number;
  /** Code length. Default 6. */
  digits?: number;
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** Decodes RFC 4648 base32 (case-insensitive; spaces, dashes and `=` padding ignored). */
export function base32Decode(text: string): Uint8Array {
  const clean = text.toUpperCase().replace(/[\s=-]/g, '');
  const out = new Uint8Array(Math.floor((clean.length * 5) / 8));
  let bits = 0;
  let value = 0;
  let at = 0;
  for (const char of clean) {
    const digit = BASE32.indexOf(char);
    if (digit < 0) throw new RangeError('the TOTP secret is not base32 (A–Z, 2–7)');
    value = (value << 5) | digit;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out[at++] = (value >>> bits) & 0xff;
    }
  }
  return out;
}

/** Encodes bytes as unpadded RFC 4648 base32. */
export function base32Encode(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += BASE32[(value >>> bits) & 31];
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

/** A fresh random secret (160 bits, base32), as an authenticator app would be given. */
export function randomTotpSecret(): string {
  return base32Encode(randomBytes(20));
}

function codeAtCounter(key: Uint8Array, counter: number, digits: number): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', key).update(message).digest();
  const offset = (mac[mac.length - 1] as number) & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

/** The code for the step containing `atMs` (epoch milliseconds). */
export function totpCode(secret: string, atMs: number, options: TotpOptions = {}): string {
  const step = options.stepSeconds ?? 30;
  const digits = options.digits ?? 6;
  return codeAtCounter(base32Decode(secret), Math.floor(atMs / 1000 / step), digits);
}

/**
 * Whether `code` is valid at `atMs`, accepting `window` steps either side for clock drift (RFC 6238
 * §5.2 recommends one). Compared in constant time.
 */
export function verifyTotp(
  secret: string,
  code: string,
  atMs: number,
  options: TotpOptions & { window?: number } = {},
): boolean {
  const step = options.stepSeconds ?? 30;
  const digits = options.digits ?? 6;
  const window = options.window ?? 1;
  if (!/^\d+$/.test(code) || code.length !== digits) return false;
  const key = base32Decode(secret);
  const counter = Math.floor(atMs / 1000 / step);
  const given = Buffer.from(code);
  let ok = false;
  for (let delta = -window; delta <= window; delta++) {
    const expected = Buffer.from(codeAtCounter(key, counter + delta, digits));
    if (timingSafeEqual(expected, given)) ok = true;
  }
  return ok;
}
