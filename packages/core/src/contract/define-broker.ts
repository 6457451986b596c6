import type { z } from 'zod';
import { parseOrThrow } from '../model/validation.js';
import type { AdapterImplementation } from './adapter.js';
import { guardAdapter } from './boundary.js';
import { type BrokerManifestInput, BrokerManifestSchema } from './manifest.js';
import type { AdapterContext, BrokerAuth, BrokerPlugin, RuntimeContext } from './plugin.js';

export interface BrokerDefinition<Config> {
  manifest: BrokerManifestInput;
  configSchema: z.ZodType<Config>;
  auth(config: Config, runtime: RuntimeContext): BrokerAuth;
  /** Builds the adapter; it may trust its inputs and leave out methods its manifest declares `false`. */
  create(context: AdapterContext<Config>): AdapterImplementation | Promise<AdapterImplementation>;
}

/**
 * Declares a broker plugin. The manifest is validated (and defaults filled) when the module loads,
 * so a malformed plugin fails at discovery with a message naming the field, not at first use; every
 * adapter `create` returns sits behind the contract boundary (`guardAdapter`).
 */
export function defineBroker<Config>(definition: BrokerDefinition<Config>): BrokerPlugin<Config> {
  const manifest = Object.freeze(parseOrThrow(BrokerManifestSchema, definition.manifest, 'broker manifest'));
  return Object.freeze({
    manifest,
    configSchema: definition.configSchema,
    auth: definition.auth,
    create: async (context: AdapterContext<Config>) =>
      guardAdapter(await definition.create(context), {
        manifest,
        session: context.session,
        clock: context.clock,
      }),
  });
}
