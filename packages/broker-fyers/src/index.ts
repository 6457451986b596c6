import { defineBroker } from '@openalgo/core';
import { createFyersAdapter } from './adapter.js';
import { createFyersAuth } from './auth.js';
import { type FyersConfig, FyersConfigSchema } from './config.js';
import { FYERS_MANIFEST } from './manifest.js';

/** The Fyers (API v3) broker plugin. */
const fyers = defineBroker<FyersConfig>({
  manifest: FYERS_MANIFEST,
  configSchema: FyersConfigSchema,
  auth: (config, runtime) => createFyersAuth(config, runtime),
  create: (context) => createFyersAdapter(context),
});

export default fyers;

export { type FyersConfig, type FyersConfigInput, FyersConfigSchema } from './config.js';
