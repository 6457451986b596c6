import { hkdfSync } from 'node:crypto';

const SALT = Buffer.from('openalgo-ts/v1', 'utf8');

/** Keys derived from the master secret, one per purpose, so no key is ever used for two things. */
export interface DerivedKeys {
  /** AES-256-GCM key for broker sessions at rest. */
  sessionKey: Buffer;
  /** HMAC-SHA256 key (the "pepper") for API key lookups. */
  apiKeyPepper: Buffer;
  /** A public fingerprint of the master secret: tells "wrong key" apart from "tampered data". */
  keyId: string;
}

function derive(master: Buffer, purpose: string, length = 32): Buffer {
  return Buffer.from(hkdfSync('sha256', master, SALT, Buffer.from(purpose, 'utf8'), length));
}

/** HKDF-SHA256 (RFC 5869) over the 32-byte master secret. */
export function deriveKeys(master: Buffer): DerivedKeys {
  if (master.length !== 32) throw new Error(`the master secret must be 32 bytes, got ${master.length}`);
  return {
    sessionKey: derive(master, 'broker-session-encryption'),
    apiKeyPepper: derive(master, 'api-key-pepper'),
    keyId: derive(master, 'key-id', 8).toString('hex'),
  };
}
