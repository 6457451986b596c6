import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ApiKeyRecord, ApiKeyStore } from '../store/types.js';
import { GENERATE_KEY_COMMAND } from './secret-key.js';

/** OpenAlgo's format: 32 random bytes as 64 lower-case hex characters. */
export const API_KEY_PATTERN = /^[0-9a-f]{64}$/;
export const API_KEY_FORMAT =
  'must be 64 lower-case hex characters (32 random bytes), like the keys OpenAlgo issues';
const PREFIX_LENGTH = 6;

export function generateApiKey(): string {
  return randomBytes(32).toString('hex');
}

export function isWellFormedApiKey(value: string): boolean {
  return API_KEY_PATTERN.test(value);
}

/** Thrown for an OPENALGO_API_KEY that is not a valid key; the message says what is expected. */
export class ApiKeyFormatError extends Error {
  constructor(origin: string, length: number) {
    super(
      `${origin} ${API_KEY_FORMAT}; got ${length} characters. Generate one with: ${GENERATE_KEY_COMMAND}`,
    );
    this.name = 'ApiKeyFormatError';
  }
}

/**
 * API keys are stored only as HMAC-SHA256(pepper, key). The digest is itself the lookup column
 * (unique index), so verification is one indexed read — no scan over every stored hash — and the
 * final comparison of the full digest is constant-time. Without the pepper (derived from the
 * server's secret key) a stolen database does not let anyone test guesses offline.
 */
export class ApiKeyService {
  constructor(
    private readonly store: ApiKeyStore,
    private readonly pepper: Buffer,
    private readonly now: () => number = Date.now,
  ) {}

  digest(key: string): Buffer {
    return createHmac('sha256', this.pepper).update(key, 'utf8').digest();
  }

  /** The account the key is bound to, or undefined. Malformed input is simply not a key. */
  verify(key: string): ApiKeyRecord | undefined {
    if (!isWellFormedApiKey(key)) return undefined;
    const digest = this.digest(key);
    const record = this.store.findByLookup(digest);
    if (!record || record.lookup.length !== digest.length) return undefined;
    return timingSafeEqual(record.lookup, digest) ? record : undefined;
  }

  /** Mints a new key for the account, invalidating every key it had. Returns the key: show it once. */
  regenerate(accountId: string): { key: string; record: ApiKeyRecord } {
    const key = generateApiKey();
    const record = this.store.replaceForAccount(accountId, this.recordFor(accountId, key, 'generated'));
    return { key, record };
  }

  /**
   * Makes `key` (from OPENALGO_API_KEY) valid for the account. Keys an earlier run took from the
   * environment are removed, so changing or unsetting the variable revokes the old value.
   */
  provisionFromEnv(accountId: string, key: string, origin = 'OPENALGO_API_KEY'): ApiKeyRecord {
    if (!isWellFormedApiKey(key)) throw new ApiKeyFormatError(origin, key.length);
    const existing = this.verify(key);
    if (existing && existing.accountId === accountId && existing.source === 'env') return existing;
    this.store.deleteWhere({ source: 'env' });
    return this.store.insert(this.recordFor(accountId, key, 'env'));
  }

  /** Forgets keys an earlier run took from OPENALGO_API_KEY (the variable is no longer set). */
  revokeEnvKeys(): number {
    return this.store.deleteWhere({ source: 'env' });
  }

  /** Deletes `key` (and only it); false when it was not a stored key. */
  revoke(key: string): boolean {
    return isWellFormedApiKey(key) && this.store.deleteByLookup(this.digest(key)) > 0;
  }

  keysOf(accountId: string): ApiKeyRecord[] {
    return this.store.listForAccount(accountId);
  }

  private recordFor(accountId: string, key: string, source: ApiKeyRecord['source']) {
    return {
      accountId,
      lookup: this.digest(key),
      prefix: key.slice(0, PREFIX_LENGTH),
      source,
      createdAt: this.now(),
    };
  }
}
