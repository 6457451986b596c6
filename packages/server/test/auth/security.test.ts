import { chmodSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Session } from '@openalgo/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiKeyFormatError, ApiKeyService, generateApiKey } from '../../src/auth/api-keys.js';
import { deriveKeys } from '../../src/auth/key-derivation.js';
import { loadSecretKey, parseSecretKey, SecretKeyError } from '../../src/auth/secret-key.js';
import { openSecurity, SecretKeyMismatchError } from '../../src/auth/security.js';
import { SessionUnreadableError, SessionVault } from '../../src/auth/session-vault.js';
import { databasePath, SqliteStore } from '../../src/store/sqlite-store.js';
import { OTHER_SECRET_HEX, TEST_SECRET_HEX, tempDir } from '../helpers/tmp.js';

let dir: string;
let cleanup: () => void;
let store: SqliteStore;
beforeEach(() => {
  ({ dir, cleanup } = tempDir());
  store = SqliteStore.openDataDir(dir);
  store.accounts.ensure({ id: 'a1', broker: 'sandbox', label: 'A', userId: 'a1', createdAt: 0 });
  store.accounts.ensure({ id: 'a2', broker: 'sandbox', label: 'B', userId: 'a2', createdAt: 0 });
});
afterEach(() => {
  store.close();
  cleanup();
});

const keys = deriveKeys(Buffer.from(TEST_SECRET_HEX, 'hex'));
const session: Session = {
  broker: 'zerodha',
  userId: 'AB1234',
  accessToken: 'access-token-value-xyz',
  expiresAt: 1_900_000_000_000,
};

describe('API keys', () => {
  it('verifies a minted key, stores only its HMAC, and rejects anything else', () => {
    const service = new ApiKeyService(store.apiKeys, keys.apiKeyPepper);
    const { key, record } = service.regenerate('a1');
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(service.verify(key)?.accountId).toBe('a1');
    expect(record.lookup.equals(service.digest(key))).toBe(true);
    expect(service.verify(generateApiKey())).toBeUndefined();
    expect(service.verify(key.toUpperCase())).toBeUndefined();
    expect(service.verify(`${key}0`)).toBeUndefined();
    expect(service.verify('')).toBeUndefined();
    store.close();
    const raw = readFileSync(databasePath(dir));
    expect(raw.includes(Buffer.from(key))).toBe(false);
    store = SqliteStore.openDataDir(dir);
  });

  it('regenerating invalidates the old key of that account only', () => {
    const service = new ApiKeyService(store.apiKeys, keys.apiKeyPepper);
    const old = service.regenerate('a1').key;
    const other = service.regenerate('a2').key;
    const fresh = service.regenerate('a1').key;
    expect(service.verify(old)).toBeUndefined();
    expect(service.verify(fresh)?.accountId).toBe('a1');
    expect(service.verify(other)?.accountId).toBe('a2');
    expect(service.keysOf('a1')).toHaveLength(1);
  });

  it('a key is useless under another pepper (another secret key)', () => {
    const key = new ApiKeyService(store.apiKeys, keys.apiKeyPepper).regenerate('a1').key;
    const otherPepper = deriveKeys(Buffer.from(OTHER_SECRET_HEX, 'hex')).apiKeyPepper;
    expect(new ApiKeyService(store.apiKeys, otherPepper).verify(key)).toBeUndefined();
  });

  it('provisions OPENALGO_API_KEY and revokes the previous environment key when it changes', () => {
    const service = new ApiKeyService(store.apiKeys, keys.apiKeyPepper);
    const first = generateApiKey();
    const second = generateApiKey();
    service.provisionFromEnv('a1', first);
    expect(service.verify(first)?.source).toBe('env');
    service.provisionFromEnv('a1', first);
    expect(service.keysOf('a1')).toHaveLength(1);
    service.provisionFromEnv('a1', second);
    expect(service.verify(first)).toBeUndefined();
    expect(service.verify(second)?.accountId).toBe('a1');
    expect(() => service.provisionFromEnv('a1', 'short')).toThrow(ApiKeyFormatError);
    expect(service.revokeEnvKeys()).toBe(1);
    expect(service.verify(second)).toBeUndefined();
  });
});

describe('session vault', () => {
  const vault = new SessionVault(keys.sessionKey, keys.keyId);

  it('round-trips a session and never stores the token in the clear', () => {
    const sealed = vault.seal('a1', session, 5);
    expect(sealed.ciphertext.includes(Buffer.from(session.accessToken))).toBe(false);
    expect(sealed.expiresAt).toBe(session.expiresAt);
    store.sessions.put(sealed);
    const loaded = store.sessions.get('a1');
    expect(loaded && vault.open(loaded)).toEqual(session);
  });

  it.each([
    ['ciphertext', (s: ReturnType<SessionVault['seal']>) => s.ciphertext],
    ['tag', (s: ReturnType<SessionVault['seal']>) => s.tag],
    ['iv', (s: ReturnType<SessionVault['seal']>) => s.iv],
  ])('detects a modified %s instead of returning garbage', (_name, pick) => {
    const sealed = vault.seal('a1', session, 5);
    const bytes = pick(sealed);
    bytes[0] = (bytes[0] ?? 0) ^ 0x01;
    expect(() => vault.open(sealed)).toThrow(SessionUnreadableError);
    expect(() => vault.open(sealed)).toThrow(/failed its integrity check/);
  });

  it('refuses a session copied onto another account', () => {
    const sealed = vault.seal('a1', session, 5);
    expect(() => vault.open({ ...sealed, accountId: 'a2' })).toThrow(/integrity check/);
  });

  it('names a different secret key clearly', () => {
    const sealed = vault.seal('a1', session, 5);
    const other = deriveKeys(Buffer.from(OTHER_SECRET_HEX, 'hex'));
    const otherVault = new SessionVault(other.sessionKey, other.keyId);
    let error: unknown;
    try {
      otherVault.open(sealed);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SessionUnreadableError);
    expect((error as SessionUnreadableError).reason).toBe('wrong_key');
    expect((error as Error).message).toMatch(/different secret key.*log in to the broker again/);
    expect((error as Error).message).not.toContain(session.accessToken);
  });
});

describe('secret key', () => {
  it('generates a 0600 key file once and reuses it', () => {
    const first = loadSecretKey(dir, {});
    expect(first.source).toMatchObject({ kind: 'file', created: true });
    const path = join(dir, 'secret.key');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const second = loadSecretKey(dir, {});
    expect(second.source).toMatchObject({ kind: 'file', created: false });
    expect(second.bytes.equals(first.bytes)).toBe(true);
  });

  it('refuses a key file other users can read, saying how to fix it', () => {
    loadSecretKey(dir, {});
    chmodSync(join(dir, 'secret.key'), 0o644);
    expect(() => loadSecretKey(dir, {})).toThrow(/chmod 600/);
  });

  it('takes OPENALGO_SECRET_KEY as hex or base64 and explains a bad one', () => {
    const hex = loadSecretKey(dir, { OPENALGO_SECRET_KEY: TEST_SECRET_HEX });
    expect(hex.source.kind).toBe('env');
    const b64 = Buffer.from(TEST_SECRET_HEX, 'hex').toString('base64');
    expect(parseSecretKey(b64, 'X').equals(hex.bytes)).toBe(true);
    expect(() => parseSecretKey('tooshort', 'OPENALGO_SECRET_KEY')).toThrow(SecretKeyError);
    expect(() => parseSecretKey('tooshort', 'OPENALGO_SECRET_KEY')).toThrow(/64 hex characters or as base64/);
  });

  it('refuses a changed secret key for an existing data directory unless told to rekey', () => {
    const original = loadSecretKey(dir, { OPENALGO_SECRET_KEY: TEST_SECRET_HEX });
    const security = openSecurity(store, original);
    const key = security.apiKeys.regenerate('a1').key;
    store.sessions.put(security.vault.seal('a1', session, 1));
    const changed = loadSecretKey(dir, { OPENALGO_SECRET_KEY: OTHER_SECRET_HEX });
    expect(() => openSecurity(store, changed)).toThrow(SecretKeyMismatchError);
    expect(() => openSecurity(store, changed)).toThrow(/openalgo serve --rekey/);
    // Still usable with the original key.
    expect(openSecurity(store, original).apiKeys.verify(key)?.accountId).toBe('a1');
    const rekeyed = openSecurity(store, changed, { rekey: true });
    expect(rekeyed.rekeyed).toBe(true);
    expect(store.sessions.get('a1')).toBeUndefined();
    expect(rekeyed.apiKeys.keysOf('a1')).toEqual([]);
    expect(() => openSecurity(store, changed)).not.toThrow();
  });
});
