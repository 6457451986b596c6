import { type Clock, type Logger, SessionSchema } from '@openalgo/core';
import type { SessionVault } from '../auth/session-vault.js';
import type { AccountRecord, ServerStore } from '../store/types.js';
import { accountForLogin } from './account-records.js';
import type { ConfiguredBrokers } from './configured-brokers.js';

export interface BrokerLoginOptions {
  store: ServerStore;
  brokers: ConfiguredBrokers;
  vault: SessionVault;
  clock: Clock;
  logger: Logger;
}

export interface CompletedBrokerLogin {
  account: AccountRecord;
  createdAccount: boolean;
}

/**
 * Runs the plugin's completeLogin, binds the session to the account of that broker user (creating
 * one if needed) and stores it encrypted. Replacing the account's runtime is the caller's part.
 */
export async function completeBrokerLogin(
  options: BrokerLoginOptions,
  brokerId: string,
  params: Readonly<Record<string, string>>,
): Promise<CompletedBrokerLogin> {
  const { store, brokers, vault, clock, logger } = options;
  const entry = brokers.entry(brokerId);
  const config = brokers.config(entry.id);
  const auth = entry.plugin.auth(config, { clock, logger: logger.child({ broker: brokerId }), http: {} });
  const session = SessionSchema.parse(await auth.completeLogin(params));
  const { account, created } = accountForLogin(store.accounts, {
    broker: brokerId,
    userId: session.userId,
    label: `${entry.plugin.manifest.name} ${session.userId}`,
    now: clock.now(),
  });
  store.sessions.put(vault.seal(account.id, session, clock.now()));
  return { account, createdAccount: created };
}
