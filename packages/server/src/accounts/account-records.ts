import type { AccountRecord, AccountStore } from '../store/types.js';
import { SANDBOX_BROKER } from './broker-catalog.js';

/** The built-in sandbox's account id (and its broker user id). */
export const SANDBOX_ACCOUNT = 'sandbox';

/** The broker's id if no account has it yet, else the first free `<broker>-<n>`. */
export function freeAccountId(accounts: AccountStore, brokerId: string): string {
  const taken = new Set(accounts.list().map((a) => a.id));
  if (!taken.has(brokerId)) return brokerId;
  for (let n = 2; ; n++) if (!taken.has(`${brokerId}-${n}`)) return `${brokerId}-${n}`;
}

/** The built-in sandbox's account, created on first start. */
export function ensureSandboxAccount(accounts: AccountStore, now: number): AccountRecord {
  return accounts.ensure({
    id: SANDBOX_ACCOUNT,
    broker: SANDBOX_BROKER,
    label: 'Sandbox (paper trading)',
    userId: SANDBOX_ACCOUNT,
    createdAt: now,
  });
}

/** An account for `broker` (the first one, or a new one not yet logged in, named `label`). */
export function ensureBrokerAccount(
  accounts: AccountStore,
  broker: string,
  label: string,
  now: number,
): AccountRecord {
  return (
    accounts.list().find((a) => a.broker === broker) ??
    accounts.ensure({ id: freeAccountId(accounts, broker), broker, label, userId: undefined, createdAt: now })
  );
}

/**
 * The account a broker login belongs to: the one already bound to that broker user, else one of
 * that broker never logged in (it takes the user), else a new one.
 */
export function accountForLogin(
  accounts: AccountStore,
  login: { broker: string; userId: string; label: string; now: number },
): { account: AccountRecord; created: boolean } {
  const { broker, userId } = login;
  const known =
    accounts.findByUser(broker, userId) ??
    accounts.list().find((a) => a.broker === broker && a.userId === undefined);
  if (!known) {
    const account = accounts.ensure({
      id: freeAccountId(accounts, broker),
      broker,
      label: login.label,
      userId,
      createdAt: login.now,
    });
    return { account, created: true };
  }
  if (known.userId !== undefined) return { account: known, created: false };
  accounts.setUserId(known.id, userId);
  return { account: { ...known, userId }, created: false };
}
