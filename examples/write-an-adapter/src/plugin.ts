// The plugin for Tortoise Securities (fictional): what a broker package's main export is.
import {
  type BrokerManifestInput,
  CONTRACT_VERSION,
  defineBroker,
  parseOrThrow,
  type RuntimeContext,
  type Session,
} from '@openalgo/core';
import { z } from 'zod';
import { createTortoiseAdapter, tortoiseHttp } from './adapter.js';

export const TortoiseConfigSchema = z.object({
  /** Tortoise's REST root; the tests point it at the loopback simulator. */
  baseUrl: z.url().default('https://api.tortoise.example'),
});
export type TortoiseConfig = z.infer<typeof TortoiseConfigSchema>;

// Declare only what the adapter really does: every `false` capability is refused at the boundary
// (NOT_SUPPORTED) and skipped by the contract suite, with the reason in the check's name.
const manifest: BrokerManifestInput = {
  id: 'tortoise',
  name: 'Tortoise Securities (fictional)',
  contract: CONTRACT_VERSION,
  exchanges: ['NSE', 'NFO', 'NSE_INDEX'],
  auth: 'credentials',
  credentials: [
    { name: 'clientId', label: 'Client id' },
    { name: 'password', label: 'Password', secret: true, perLogin: true },
  ],
  capabilities: {
    placeOrder: true,
    modifyOrder: true,
    cancelOrder: true,
    getOrders: true,
    getOrder: true,
    getTrades: true,
    getPositions: true,
    getHoldings: true,
    getFunds: true,
    getQuotes: true,
    downloadInstruments: true,
  },
  priceTypes: ['MARKET', 'LIMIT', 'SL', 'SL-M'],
  products: ['CNC', 'NRML', 'MIS'],
  rateLimits: { default: { perSecond: 20 } },
};

export default defineBroker<TortoiseConfig>({
  manifest,
  configSchema: TortoiseConfigSchema,
  auth(config, runtime: RuntimeContext) {
    const http = tortoiseHttp(parseOrThrow(TortoiseConfigSchema, config, 'tortoise config'), runtime);
    return {
      async completeLogin(params): Promise<Session> {
        const answer = await http.post(
          '/v1/session',
          z.object({ token: z.string().min(1), userId: z.string().min(1), expiresAt: z.number() }),
          { body: { json: { clientId: params.clientId, password: params.password } }, what: 'login' },
        );
        return {
          broker: 'tortoise',
          userId: answer.userId,
          accessToken: answer.token,
          expiresAt: answer.expiresAt,
        };
      },
      async logout() {},
    };
  },
  create: (context) => createTortoiseAdapter(context),
});
