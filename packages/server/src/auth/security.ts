import type { ServerStore } from '../store/types.js';
import { ApiKeyService } from './api-keys.js';
import { deriveKeys } from './key-derivation.js';
import { describeSecretSource, type SecretKey } from './secret-key.js';
import { SessionVault } from './session-vault.js';

const KEY_ID_SETTING = 'secret_key_id';

/** The data directory was set up with another secret key; the message says how to proceed. */
export class SecretKeyMismatchError extends Error {
  constructor(
    readonly storedKeyId: string,
    readonly currentKeyId: string,
    source: string,
  ) {
    super(
      `This data directory was set up with a different secret key (key id ${storedKeyId}; the key from ` +
        `${source} has id ${currentKeyId}). Its API keys and broker sessions only work with the original ` +
        'key: restore it (OPENALGO_SECRET_KEY or secret.key in the data directory). To start over with ' +
        'this key instead — every API key and broker session becomes invalid, orders and sandbox books ' +
        'are kept — run `openalgo serve --rekey`.',
    );
    this.name = 'SecretKeyMismatchError';
  }
}

export interface Security {
  vault: SessionVault;
  apiKeys: ApiKeyService;
  keyId: string;
}

/**
 * Derives the session and API-key keys from the master secret and checks it is the secret this
 * data directory was set up with: a changed key would otherwise surface later as every API key
 * being "invalid" and every session "tampered", which explains nothing. `rekey` accepts the new
 * key and drops what the old one protected.
 */
export function openSecurity(
  store: ServerStore,
  secret: SecretKey,
  options: { rekey?: boolean; now?: () => number } = {},
): Security & { rekeyed: boolean } {
  const keys = deriveKeys(secret.bytes);
  const stored = store.settings.get(KEY_ID_SETTING);
  let rekeyed = false;
  if (stored !== undefined && stored !== keys.keyId) {
    if (!options.rekey)
      throw new SecretKeyMismatchError(stored, keys.keyId, describeSecretSource(secret.source));
    store.apiKeys.deleteAll();
    store.sessions.deleteAll();
    rekeyed = true;
  }
  if (stored !== keys.keyId) store.settings.set(KEY_ID_SETTING, keys.keyId);
  return {
    vault: new SessionVault(keys.sessionKey, keys.keyId),
    apiKeys: new ApiKeyService(store.apiKeys, keys.apiKeyPepper, options.now),
    keyId: keys.keyId,
    rekeyed,
  };
}
