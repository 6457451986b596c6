import type { z } from 'zod';
import { parseOrThrow } from '../model/validation.js';
import type { BrokerAdapter } from './adapter.js';
import { type BrokerManifestInput, BrokerManifestSchema } from './manifest.js';
import type { AdapterContext, BrokerAuth, BrokerPlugin, RuntimeContext } from './plugin.js';

export interface BrokerDefinition<Config> {
  manifest: BrokerManifestInput;
  configSchema: z.ZodType<Config>;
  auth(config: Config, runtime: RuntimeContext): BrokerAuth;
  create(context: AdapterContext<Config>): BrokerAdapter | Promise<BrokerAdapter>;
}

/**
 * Declares a broker plugin. The manifest is validated (and defaults filled) when the module loads,
 * so a malformed plugin fails at discovery with a message naming the field, not at first use.
 */
export function defineBroker<Config>(definition: BrokerDefinition<Config>): BrokerPlugin<Config> {
  const manifest = parseOrThrow(BrokerManifestSchema, definition.manifest, 'broker manifest');
  return Object.freeze({
    manifest: Object.freeze(manifest),
    configSchema: definition.configSchema,
    auth: definition.auth,
    create: definition.create,
  });
}
