import pino from 'pino';
import { noSession, storedSession } from '../accounts/account-sessions.js';
import { createServerLogger } from '../logging.js';
import { openServices } from '../services.js';
import { COMMON_OPTIONS, configFrom, parse } from './flags.js';
import { type CliIo, EXIT } from './io.js';
import { ProgressLine } from './progress.js';

export const INSTRUMENTS_USAGE = `openalgo instruments <broker> [--account <id>] [--data-dir <dir>]
  Downloads today's instrument master through a logged-in account of <broker> and caches it in
  <data-dir>/instruments, where the server picks it up. Progress goes to stderr.`;

/** `openalgo instruments <broker>`: a forced download of the master, with a progress line. */
export async function instrumentsCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(argv, { ...COMMON_OPTIONS, account: { type: 'string' } });
  const broker = positionals[0];
  // --help is a question (stdout, exit 0); a missing broker is a mistake (stderr, exit 2).
  if (values.help || !broker) {
    (values.help ? io.stdout : io.stderr).write(`${INSTRUMENTS_USAGE}\n`);
    return values.help ? EXIT.ok : EXIT.usage;
  }
  const config = configFrom({ ...values, broker }, io);
  const logger = createServerLogger({
    level: 'warn',
    destination: pino.destination({ dest: 2, sync: true }),
  });
  const services = await openServices(config, { logger, env: io.env });
  try {
    const { store, catalog, clock } = services;
    const { vault } = services.security;
    const entry = catalog.entries.get(broker);
    const configured = services.brokerConfigs.get(broker);
    if (!entry || !configured?.ok) return EXIT.usage; // openServices already refused these with a message.
    const wanted = typeof values.account === 'string' ? values.account : undefined;
    const candidates = store.accounts
      .list()
      .filter((a) => a.broker === broker && (!wanted || a.id === wanted));
    const account = candidates.find((a) => store.sessions.get(a.id)) ?? candidates[0];
    const loginAt = `http://<server>/auth/${broker}/login`;
    // The server's own way to an account's session: the stored one, or a fresh login where none is needed.
    const session = account
      ? await storedSession({
          account,
          entry,
          config: configured.config,
          store,
          vault,
          clock,
          logger,
          loginAt,
        })
      : noSession(`no ${broker} account in ${config.dataDir}: log in at ${loginAt} first`);
    if (!('userId' in session)) {
      io.stderr.write(`openalgo: ${session.message}\n`);
      return EXIT.failed;
    }
    const adapter = await entry.plugin.create({
      config: configured.config,
      session,
      instruments: services.instruments.index(broker),
      http: {},
      clock,
      logger,
    });
    try {
      const progress = new ProgressLine(io.stderr, `downloading ${broker} instruments:`);
      const result = await services.instruments.ensure(broker, adapter, {
        force: true,
        cache: !entry.builtin,
        onProgress: (rows) => progress.update(rows),
      });
      const where = entry.builtin ? 'generated in memory (not cached)' : `cached for ${result.tradingDay}`;
      progress.done(
        `${broker}: ${result.rows.toLocaleString('en-IN')} instruments, ${result.outcome}; ${where}`,
      );
      return result.outcome === 'download' ? EXIT.ok : EXIT.failed;
    } finally {
      await adapter.close?.();
    }
  } finally {
    await services.close();
  }
}
