/**
 * `@openalgo/broker-angel/simulator`: a loopback Angel One SmartAPI (REST, TOTP login, SmartStream v2, the order-status socket, the scrip master)
 * over the sandbox engine, its CLI, and a contract-suite harness that runs the real adapter against
 * it. Its default export is the entry `openalgo simulate angel` and `openalgo serve --broker angel
 * --simulate` load (core's `loadSimulator`). Only this entry needs the optional peers @openalgo/testkit
 * and @openalgo/sandbox; the adapter never loads them.
 */
import { defineSimulator } from '@openalgo/core';
import { runSimulatorCli } from './cli.js';
import { type SimulatedAngelConfig, startSimulatorForServer } from './for-server.js';

export default defineSimulator<SimulatedAngelConfig>({ runSimulatorCli, startSimulatorForServer });

export {
  type AngelSimulator,
  type AngelSimulatorOptions,
  createAngelSimulator,
} from './angel-simulator.js';
export type { AngelBackdoorOrder, AngelSimulatorBackdoor } from './backdoor.js';
export {
  parseSimulatorArgs,
  runSimulatorCli,
  type SimulatorCliArgs,
  type SimulatorCliIo,
  simulatorSummary,
} from './cli.js';
export { type AngelRouteContext, AUTH_PREFIX, SECURE_PREFIX } from './context.js';
export { AngelApiError, RATE_LIMIT_TEXT } from './envelope.js';
export {
  type SimulatedAngelConfig,
  type SimulatorForServer,
  type SimulatorForServerOptions,
  startSimulatorForServer,
} from './for-server.js';
export { ANGEL_FAULT_ROUTES, type AngelSimulatorHarnessOptions, angelSimulatorHarness } from './harness.js';
export { REQUIRED_HEADERS } from './headers.js';
export { CANDLE_INTERVALS } from './historical.js';
export { MASTER_PATH, QUOTE_TOKEN_LIMIT } from './market-routes.js';
export {
  type AngelInstrument,
  AngelMaster,
  type AngelMasterOptions,
  type AngelScrip,
  angelMaster,
  buildAngelMaster,
  DEFAULT_MASTER_SIZE,
  scripMasterBytes,
} from './master.js';
export { SCRIP_KEYS, scripMasterJson } from './master-json.js';
export type { OrderUpdateListener } from './order-book.js';
export { type AngelOrderStatus, STATUS_CODES } from './order-rows.js';
export { ORDER_SOCKET_PATH } from './order-socket/index.js';
export { ANGEL_RATE_LIMITS } from './rate-limit.js';
export type { AngelCredentials, AngelTokens } from './sessions.js';
export { SMARTSTREAM_PATH } from './smartstream/index.js';
