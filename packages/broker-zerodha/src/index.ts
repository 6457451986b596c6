import { defineBroker } from '@openalgo/core';
import { createZerodhaAdapter } from './adapter.js';
import { createZerodhaAuth } from './auth.js';
import { type ZerodhaConfig, ZerodhaConfigSchema } from './config.js';
import { ZERODHA_MANIFEST } from './manifest.js';

/** The Zerodha (Kite Connect v3) broker plugin. */
const zerodha = defineBroker<ZerodhaConfig>({
  manifest: ZERODHA_MANIFEST,
  configSchema: ZerodhaConfigSchema,
  auth: (config, runtime) => createZerodhaAuth(config, runtime),
  create: (context) => createZerodhaAdapter(context),
});

export default zerodha;

export { type ZerodhaConfig, type ZerodhaConfigInput, ZerodhaConfigSchema } from './config.js';
