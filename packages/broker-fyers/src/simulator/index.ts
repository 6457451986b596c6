/**
 * `@openalgo/broker-fyers/simulator`: a loopback Fyers API v3 (trading and data REST, login page,
 * segment masters, and the HSM and order sockets) over the sandbox engine, its CLI, and a
 * contract-suite harness that runs the real adapter against it. Its default export is the entry
 * `openalgo simulate fyers` and `openalgo serve --broker fyers --simulate` load (core's
 * `loadSimulator`). Only this entry needs the optional peers @openalgo/testkit and @openalgo/sandbox.
 */
import { defineSimulator } from '@openalgo/core';
import { runSimulatorCli } from './cli.js';
import { type SimulatedFyersConfig, startSimulatorForServer } from './for-server.js';

export default defineSimulator<SimulatedFyersConfig>({ runSimulatorCli, startSimulatorForServer });

export type { FyersBackdoorOrder, FyersSimulatorBackdoor } from './backdoor.js';
export { formFields, loginWithForm } from './browser-login.js';
export {
  parseSimulatorArgs,
  runSimulatorCli,
  type SimulatorCliArgs,
  type SimulatorCliIo,
  simulatorSummary,
} from './cli.js';
export {
  AUTH_ERROR_API,
  AUTH_ERROR_DATA,
  FyersApiError,
  LOGOUT_ERROR,
  RATE_LIMIT_BODY,
} from './envelope.js';
export {
  type SimulatedFyersConfig,
  type SimulatorForServer,
  type SimulatorForServerOptions,
  startSimulatorForServer,
} from './for-server.js';
export {
  createFyersSimulator,
  DEFAULT_MASTER_SIZE,
  type FyersSimulator,
  type FyersSimulatorOptions,
} from './fyers-simulator.js';
export {
  FYERS_SEGMENT_FILES,
  type FyersSegmentFile,
  fyTokenOf,
  INDEX_NAMES,
  SEGMENTS,
} from './fyers-symbols.js';
export {
  FYERS_FAULT_ROUTES,
  type FyersSimulatorHarnessOptions,
  fyersSimulatorHarness,
  simulatedFyersConfig,
} from './harness.js';
export { FYERS_RESOLUTIONS } from './history.js';
export { DEFAULT_REDIRECT_PATH, LOGIN_PATH } from './login-page.js';
export { MASTER_PATH, QUOTE_LIMIT, SYMBOL_TOKEN_LIMIT } from './market-routes.js';
export { buildFyersMaster, type FyersInstrument, FyersMaster, fyersMaster } from './master.js';
export { fyersMasterBytes } from './master-bytes.js';
export { FyersOrderBook, type OrderUpdate, type OrderUpdateListener } from './order-book.js';
export { ORDER_TAG_PATTERN } from './order-form.js';
export { STATUS_INTS } from './order-rows.js';
export { FYERS_REST_LIMITS } from './rate-limit.js';
export { appIdHashOf, type FyersCredentials, FyersSessions } from './sessions.js';
export { HSM_PATH, ORDER_SOCKET_PATH } from './sockets.js';
