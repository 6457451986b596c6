/**
 * `@openalgo/broker-zerodha/simulator`: a loopback Kite Connect v3 (REST, login page, instrument
 * master, ticker WebSocket) over the sandbox engine, its CLI, and a contract-suite harness that runs
 * the real adapter against it. Its default export is the entry `openalgo simulate zerodha` and
 * `openalgo serve --broker zerodha --simulate` load (core's `loadSimulator`). Only this entry needs
 * the optional peers @openalgo/testkit and @openalgo/sandbox; the adapter never loads them.
 */
import { defineSimulator } from '@openalgo/core';
import { runSimulatorCli } from './cli.js';
import { type SimulatedZerodhaConfig, startSimulatorForServer } from './for-server.js';

export default defineSimulator<SimulatedZerodhaConfig>({ runSimulatorCli, startSimulatorForServer });

export type {
  KiteBackdoorOrder,
  KiteSimulatorBackdoor,
} from './backdoor.js';
export { formFields, loginWithForm } from './browser-login.js';
export {
  parseSimulatorArgs,
  runSimulatorCli,
  type SimulatorCliArgs,
  type SimulatorCliIo,
  simulatorSummary,
} from './cli.js';
export { KiteApiError, type KiteErrorType, RATE_LIMIT_BODY, TOKEN_ERROR_MESSAGE } from './envelope.js';
export {
  type SimulatedZerodhaConfig,
  type SimulatorForServer,
  type SimulatorForServerOptions,
  startSimulatorForServer,
} from './for-server.js';
export { KITE_FAULT_ROUTES, type KiteSimulatorHarnessOptions, kiteSimulatorHarness } from './harness.js';
export {
  createKiteSimulator,
  DEFAULT_MASTER_SIZE,
  type KiteSimulator,
  type KiteSimulatorOptions,
} from './kite-simulator.js';
export { instrumentTokenOf, kiteDerivativeSymbol, kiteIndexName, SEGMENT_CODES } from './kite-symbols.js';
export { DEFAULT_REDIRECT_PATH, LOGIN_PATH } from './login-page.js';
export { buildKiteMaster, type KiteInstrument, KiteMaster, kiteMaster } from './master.js';
export { KITE_CSV_HEADER } from './master-csv.js';
export type { KiteOrderRow, KiteOrderStatus } from './order-rows.js';
export { KITE_SIMULATOR_LIMITS } from './rate-limit.js';
export { type KiteCredentials, nextSessionCutoff, sessionChecksum } from './sessions.js';
export {
  encodeFrame,
  encodePacket,
  HEARTBEAT_FRAME,
  type TickData,
  type TickerMode,
  tickerDivisor,
} from './ticker-encode.js';
export { ORDER_TIMEOUT_MESSAGE } from './trading-routes.js';
