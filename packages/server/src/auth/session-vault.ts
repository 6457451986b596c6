import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { type Session, SessionSchema } from '@openalgo/core';
import type { SealedSession } from '../store/types.js';

const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;

/** A stored session that cannot be opened; the message says why and what to do. */
export class SessionUnreadableError extends Error {
  readonly accountId: string;
  readonly reason: 'wrong_key' | 'tampered' | 'invalid';

  constructor(accountId: string, reason: SessionUnreadableError['reason'], message: string) {
    super(message);
    this.name = 'SessionUnreadableError';
    this.accountId = accountId;
    this.reason = reason;
  }
}

/**
 * Seals broker sessions with AES-256-GCM. The account id is bound in as additional authenticated
 * data, so a sealed session copied onto another account's row fails to open instead of logging
 * that account in as someone else.
 */
export class SessionVault {
  constructor(
    private readonly key: Buffer,
    /** Fingerprint of the master secret (DerivedKeys.keyId), stored beside each sealed session. */
    readonly keyId: string,
  ) {
    if (key.length !== 32) throw new Error('the session key must be 32 bytes');
  }

  seal(accountId: string, session: Session, now: number): SealedSession {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, this.key, iv);
    cipher.setAAD(Buffer.from(accountId, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(JSON.stringify(session), 'utf8'), cipher.final()]);
    return {
      accountId,
      ciphertext,
      iv,
      tag: cipher.getAuthTag(),
      keyId: this.keyId,
      expiresAt: session.expiresAt,
      updatedAt: now,
    };
  }

  /** Opens a sealed session, or throws SessionUnreadableError — never returns garbage. */
  open(sealed: SealedSession): Session {
    const { accountId } = sealed;
    if (sealed.keyId !== this.keyId) {
      throw new SessionUnreadableError(
        accountId,
        'wrong_key',
        `The broker session of account ${accountId} was encrypted with a different secret key ` +
          `(key id ${sealed.keyId}; the current key has id ${this.keyId}). Restore the original ` +
          'OPENALGO_SECRET_KEY or secret.key, or log in to the broker again.',
      );
    }
    let plaintext: string;
    try {
      const decipher = createDecipheriv(ALGORITHM, this.key, sealed.iv);
      decipher.setAAD(Buffer.from(accountId, 'utf8'));
      decipher.setAuthTag(sealed.tag);
      plaintext = Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]).toString('utf8');
    } catch {
      throw new SessionUnreadableError(
        accountId,
        'tampered',
        `The stored broker session of account ${accountId} failed its integrity check (it was ` +
          'modified, corrupted, or belongs to another account). It was not used; log in to the broker again.',
      );
    }
    const parsed = SessionSchema.safeParse(JSON.parse(plaintext));
    if (!parsed.success) {
      throw new SessionUnreadableError(
        accountId,
        'invalid',
        `The stored broker session of account ${accountId} is not a valid session; log in to the broker again.`,
      );
    }
    return parsed.data;
  }
}
