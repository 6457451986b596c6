import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type Clock, toIstIso } from '@openalgo/core';
import { SESSION_STATE_TEXT, summarizeAccounts } from '../accounts/account-summaries.js';
import { readSimulatedRuns } from '../accounts/simulated-runs.js';
import { loadSecretKey, SECRET_KEY_ENV, SECRET_KEY_FILE, SecretKeyError } from '../auth/secret-key.js';
import { openSecurity, SecretKeyMismatchError } from '../auth/security.js';
import { liveLockHolder } from '../store/data-dir-lock.js';
import { databasePath, SqliteStore } from '../store/sqlite-store.js';

/**
 * The accounts of a data dir and their broker sessions, in the words the accounts page uses
 * (sessionState is the one home of both). Read beside a running server: no lock is taken. Sessions
 * issued by a `--simulate` run's simulator that has stopped read "ended", and so do a simulated
 * broker's older sessions while a server simulates it — exactly as the server reports them.
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
    // The running server's own --simulate run: sessions of its broker sealed before it cannot work.
    const ownRun = holder?.simulating
      ? readSimulatedRuns(store.settings).findLast(
          (r) => r.broker === holder.simulating && r.to === undefined,
        )
      : undefined;
    const summaries = summarizeAccounts({
      store,
      vault,
      apiKeys,
      clock,
      isAnalyzeMode: () => false,
      sessionsValidFrom: (broker) => (broker === ownRun?.broker ? ownRun.from : undefined),
      lastRunAlive: holder !== undefined,
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
