import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type Clock, toIstIso } from '@openalgo/core';
import { SESSION_STATE_TEXT, summarizeAccounts } from '../accounts/account-summaries.js';
import { loadSecretKey, SECRET_KEY_ENV, SECRET_KEY_FILE, SecretKeyError } from '../auth/secret-key.js';
import { openSecurity, SecretKeyMismatchError } from '../auth/security.js';
import { liveLockHolder } from '../store/data-dir-lock.js';
import { databasePath, SqliteStore } from '../store/sqlite-store.js';

/**
 * The accounts of a data dir and their broker sessions, in the words the accounts page uses
 * (sessionState is the one home of both). Read beside a running server: no lock is taken. When the
 * server holding the dir runs a broker against its simulator, that broker's sessions sealed before
 * it started read "ended", exactly as the server itself reports them.
 */
export function accountStatusLines(dataDir: string, env: NodeJS.ProcessEnv, clock: Clock): string[] {
  if (!existsSync(databasePath(dataDir))) return [`No accounts yet in ${dataDir}.`];
  // A status command must not create a key file (loadSecretKey would): that would be a new key.
  if (!env[SECRET_KEY_ENV]?.trim() && !existsSync(join(dataDir, SECRET_KEY_FILE))) {
    return [`Accounts in ${dataDir}: sessions cannot be read without the server's ${SECRET_KEY_ENV}.`];
  }
  let secret: ReturnType<typeof loadSecretKey>;
  try {
    secret = loadSecretKey(dataDir, env);
  } catch (error) {
    if (!(error instanceof SecretKeyError)) throw error;
    return [`Accounts in ${dataDir}: sessions cannot be read: ${error.message}`];
  }
  const store = SqliteStore.openDataDir(dataDir);
  try {
    const { vault, apiKeys } = openSecurity(store, secret);
    const holder = liveLockHolder(dataDir);
    const simulatedFrom = holder?.simulating ? Date.parse(holder.startedAt) : undefined;
    const summaries = summarizeAccounts({
      store,
      vault,
      apiKeys,
      clock,
      isAnalyzeMode: () => false,
      sessionsValidFrom: (broker) => (broker === holder?.simulating ? simulatedFrom : undefined),
    });
    const running = holder
      ? `a server (pid ${holder.pid}${holder.simulating ? `, simulating ${holder.simulating}` : ''}) holds it`
      : 'no server holds it';
    return [
      `Accounts in ${dataDir} (${running}):`,
      ...summaries.map((a) => {
        const until =
          a.session === 'active' && a.sessionExpiresAt !== undefined
            ? ` until ${toIstIso(a.sessionExpiresAt)}`
            : '';
        return `  ${a.id.padEnd(16)} ${a.broker.padEnd(10)} session: ${SESSION_STATE_TEXT[a.session]}${until}`;
      }),
    ];
  } catch (error) {
    if (!(error instanceof SecretKeyMismatchError)) throw error;
    return [`Accounts in ${dataDir}: sessions cannot be read: ${error.message}`];
  } finally {
    store.close();
  }
}
