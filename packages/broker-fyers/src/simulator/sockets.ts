import type { Logger } from '@openalgo/core';
import type { SimulatorServer } from '@openalgo/testkit/simulator';
import type { FyersRouteContext } from './context.js';
import { hsmCallbacks } from './hsm/for-simulator.js';
import { attachHsmSocket, type HsmSocketServer } from './hsm/hsm-server.js';
import { orderSocketCallbacks } from './order-socket/for-simulator.js';
import { attachOrderSocket, type OrderSocketServer } from './order-socket/order-socket.js';

/** Fyers' socket paths (`wss://socket.fyers.in/hsm/v1-5/prod`, `wss://socket.fyers.in/trade/v3`). */
export const HSM_PATH = '/hsm/v1-5/prod';
export const ORDER_SOCKET_PATH = '/trade/v3';

/** The sockets as the composition holds them: closed with the simulator, driven by the back door. */
export interface FyersSockets {
  readonly hsm: HsmSocketServer;
  readonly orders: OrderSocketServer;
  /** Kills every socket connection (both sockets) without a close frame; answers how many. */
  dropAll(): number;
  close(): Promise<void>;
}

export interface AttachSocketsOptions {
  server: SimulatorServer;
  ctx: FyersRouteContext;
  logger: Logger;
}

/**
 * The HSM data socket (`./hsm`) and the order socket (`./order-socket`) on the simulator's own port,
 * over the account's sessions, master, market and order book.
 */
export async function attachSockets(options: AttachSocketsOptions): Promise<FyersSockets> {
  const { server, ctx, logger } = options;
  const hsm = await attachHsmSocket({ server, path: HSM_PATH, logger, ...hsmCallbacks(ctx) });
  const orders = await attachOrderSocket({
    server,
    path: ORDER_SOCKET_PATH,
    logger,
    ...orderSocketCallbacks(ctx),
  });
  return {
    hsm,
    orders,
    dropAll: () => hsm.dropAll() + orders.dropAll(),
    async close() {
      await Promise.all([hsm.close(), orders.close()]);
    },
  };
}
