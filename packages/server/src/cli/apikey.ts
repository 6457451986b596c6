import { mkdirSync } from 'node:fs';
import { ensureSandboxAccount, SANDBOX_ACCOUNT } from '../accounts/account-records.js';
import { SANDBOX_BROKER } from '../accounts/broker-catalog.js';
import { loadSecretKey } from '../auth/secret-key.js';
import { openSecurity } from '../auth/security.js';
import { SqliteStore } from '../store/sqlite-store.js';
import type { AccountRecord } from '../store/types.js';
import { COMMON_OPTIONS, configFrom, parse } from './flags.js';
import { type CliIo, EXIT } from './io.js';

export const APIKEY_USAGE = `openalgo apikey [--regenerate] [--account <id>] [--data-dir <dir>]
  Without --regenerate: lists accounts and their keys (by prefix: keys are stored hashed).
  --regenerate         mints a new key for the account and prints it; the old key stops working
  --account <id>       the account (default: the default account of --broker, i.e. sandbox)`;

/** `openalgo apikey`: works on the data directory directly, so it also works while the server runs. */
export async function apikeyCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parse(argv, {
    ...COMMON_OPTIONS,
    regenerate: { type: 'boolean' },
    account: { type: 'string' },
  });
  if (values.help) {
    io.stdout.write(`${APIKEY_USAGE}\n`);
    return EXIT.ok;
  }
  const config = configFrom(values, io);
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const secret = loadSecretKey(config.dataDir, io.env);
  const store = SqliteStore.openDataDir(config.dataDir);
  try {
    const { apiKeys } = openSecurity(store, secret);
    if (config.broker === SANDBOX_BROKER) ensureSandboxAccount(store.accounts, Date.now());
    const accounts = store.accounts.list();
    const wanted = typeof values.account === 'string' ? values.account : undefined;
    const account: AccountRecord | undefined = wanted
      ? accounts.find((a) => a.id === wanted)
      : (accounts.find((a) => a.id === SANDBOX_ACCOUNT && config.broker === SANDBOX_BROKER) ??
        accounts.find((a) => a.broker === config.broker));
    if (!values.regenerate) {
      io.stdout.write(`Accounts in ${config.dataDir}:\n`);
      for (const a of accounts) {
        const keys = apiKeys.keysOf(a.id).map((k) => `${k.prefix}… (${k.source})`);
        io.stdout.write(`  ${a.id.padEnd(16)} ${a.broker.padEnd(10)} keys: ${keys.join(', ') || 'none'}\n`);
      }
      io.stdout.write(
        'Keys are stored hashed and cannot be shown again. To mint a new one (the old one stops working):\n' +
          '  openalgo apikey --regenerate [--account <id>]\n',
      );
      return EXIT.ok;
    }
    if (!account) {
      io.stderr.write(
        `openalgo: no account ${wanted ? `"${wanted}"` : `for broker ${config.broker}`} in ${config.dataDir} ` +
          `(accounts: ${accounts.map((a) => a.id).join(', ') || 'none'}). Log in to the broker first.\n`,
      );
      return EXIT.usage;
    }
    const { key } = apiKeys.regenerate(account.id);
    io.stderr.write(
      `New API key for account ${account.id} (${account.broker}); every older key of it no longer works:\n`,
    );
    io.stdout.write(`${key}\n`);
    return EXIT.ok;
  } finally {
    store.close();
  }
}
