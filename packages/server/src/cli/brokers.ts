import { systemClock } from '@openalgo/core';
import { describeEgressSettings } from '../accounts/account-egress.js';
import { loadBrokerCatalog } from '../accounts/broker-catalog.js';
import { readBrokersFile, resolveBrokerConfig } from '../accounts/broker-config.js';
import { createServerLogger } from '../logging.js';
import { accountStatusLines } from './account-status.js';
import { COMMON_OPTIONS, configFrom, parse } from './flags.js';
import { type CliIo, EXIT } from './io.js';

export const BROKERS_USAGE = `openalgo brokers [--app-dir <dir>] [--broker-path <dir>] [--data-dir <dir>]
  Lists the broker plugins the server would load, whether each is configured, and why any did not load;
  then the data dir's accounts and whether each broker session is usable (works beside a running server).`;

/** `openalgo brokers`: what discovery finds, through the same loader the server uses. */
export async function brokersCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parse(argv, COMMON_OPTIONS);
  if (values.help) {
    io.stdout.write(`${BROKERS_USAGE}\n`);
    return EXIT.ok;
  }
  const config = configFrom(values, io);
  const logger = createServerLogger({ level: 'silent' });
  const catalog = await loadBrokerCatalog({ appDir: config.appDir, paths: config.brokerPaths, logger });
  const file = readBrokersFile(config.dataDir);
  io.stdout.write(`Broker plugins for ${catalog.appDir}:\n`);
  for (const entry of catalog.entries.values()) {
    const configured = entry.builtin
      ? { ok: true as const }
      : resolveBrokerConfig(entry.plugin, { file, env: io.env, dataDir: config.dataDir });
    const egress =
      configured.ok && 'egress' in configured ? describeEgressSettings(configured.egress) : undefined;
    const status = configured.ok
      ? `configured${egress ? `; ${egress}` : ''}`
      : `NOT CONFIGURED: ${configured.message}`;
    const m = entry.plugin.manifest;
    io.stdout.write(`  ${entry.id.padEnd(12)} ${m.name} — ${entry.origin}, login: ${m.auth}; ${status}\n`);
  }
  if (catalog.diagnostics.length === 0) {
    io.stdout.write('No loader problems.\n');
  } else {
    io.stdout.write('Loader diagnostics:\n');
    for (const d of catalog.diagnostics) {
      io.stdout.write(`  [${d.level}] ${d.code} ${d.packageName ?? d.path}: ${d.message}\n`);
    }
  }
  io.stdout.write(`${accountStatusLines(config.dataDir, io.env, systemClock).join('\n')}\n`);
  return EXIT.ok;
}
