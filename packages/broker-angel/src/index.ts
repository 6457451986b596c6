import { defineBroker } from '@openalgo/core';
import { createAngelAdapter } from './adapter.js';
import { createAngelAuth } from './auth.js';
import { type AngelConfig, AngelConfigSchema } from './config.js';
import { ANGEL_MANIFEST } from './manifest.js';

/** The Angel One (SmartAPI) broker plugin. */
const angel = defineBroker<AngelConfig>({
  manifest: ANGEL_MANIFEST,
  configSchema: AngelConfigSchema,
  auth: (config, runtime) => createAngelAuth(config, runtime),
  create: (context) => createAngelAdapter(context),
});

export default angel;

export { type AngelConfig, type AngelConfigInput, AngelConfigSchema } from './config.js';
