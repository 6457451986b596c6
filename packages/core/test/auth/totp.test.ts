import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode, randomTotpSecret, totpCode, verifyTotp } from '../../src/auth/totp.js';

// RFC 6238 Appendix B: the SHA-1 seed "12345678901234567890", 8-digit codes.
const RFC_SECRET = base32Encode(new TextEncoder().encode('12345678901234567890'));
const VECTORS: [number, string][] = [
  [59, '94287082'],
  [1_111_111_109, '07081804'],
  [1_111_111_111, '14050471'],
  [1_234_567_890, '89005924'],
  [2_000_000_000, '69279037'],
  [20_000_000_000, '65353130'],
];

describe('TOTP (RFC 6238)', () => {
  it.each(VECTORS)('at %i s the code is %s', (seconds, code) => {
    expect(totpCode(RFC_SECRET, seconds * 1000, { digits: 8 })).toBe(code);
  });

  it('accepts one step of drift either side and refuses two', () => {
    const secret = randomTotpSecret();
    const now = 1_800_000_000_000;
    expect(verifyTotp(secret, totpCode(secret, now), now)).toBe(true);
    expect(verifyTotp(secret, totpCode(secret, now - 30_000), now)).toBe(true);
    expect(verifyTotp(secret, totpCode(secret, now + 30_000), now)).toBe(true);
    expect(verifyTotp(secret, totpCode(secret, now - 60_000), now)).toBe(false);
  });

  it('refuses malformed codes without throwing', () => {
    const secret = randomTotpSecret();
    expect(verifyTotp(secret, '12345', 0)).toBe(false);
    expect(verifyTotp(secret, 'abcdef', 0)).toBe(false);
  });

  it('round-trips base32 and names a bad secret', () => {
    const bytes = new Uint8Array([0, 1, 2, 250, 255]);
    expect([...base32Decode(base32Encode(bytes))]).toEqual([...bytes]);
    expect(() => base32Decode('not base32!')).toThrow(/base32/);
  });
});
