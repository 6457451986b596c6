export type { MasterInstrument, MasterSegment, MasterUniverseOptions } from '../masters.js';
export { generateMasterUniverse, masterRowToInstrument } from '../masters.js';
export {
  type SimulatorBackdoor,
  type SimulatorBackdoorParts,
  simulatorBackdoor,
  suiteBackdoorOf,
} from './backdoor.js';
export { parseBody, serialiseBody } from './body.js';
export { formFields, type HtmlForm, submitForm, submitLoginForm } from './browser-form.js';
export {
  defineSimulatorCli,
  parseSimulatorCliArgs,
  runSimulatorCommand,
  type SimulatorCli,
  type SimulatorCliArgs,
  type SimulatorCliIo,
  type SimulatorCliSpec,
  type SimulatorCliSyntax,
  SimulatorUsageError,
  simulatorBanner,
  simulatorUsage,
} from './cli.js';
export { type FaultRoutes, type FaultTranslation, injectRouteFault } from './fault-routes.js';
export { type ArmedFault, type ErrorBodyHook, FaultController, type FaultScope } from './faults.js';
export { chooseFixtures, sandboxFixtures } from './fixtures.js';
export {
  type SharedSimulatorOptions,
  type SimulatorForServerOptions,
  sharedSimulatorOptions,
} from './for-server.js';
export { relisten } from './listen.js';
export { SimulatorRateLimits } from './rate-limit.js';
export {
  compilePattern,
  type Route,
  type RouteHandler,
  type RouteMatch,
  Router,
  type SimulatorRequest,
  type SimulatorResponse,
} from './router.js';
export { createSimulatorServer, type SimulatorServer, type SimulatorServerOptions } from './server.js';
export { SharedBuilds } from './shared-builds.js';
export {
  type BrokerSimulatorHarnessOptions,
  type RunningSimulator,
  redirectLogin,
  type SimulatorHarnessOptions,
  type SimulatorStartContext,
  simulatorHarness,
} from './simulator-harness.js';
export {
  createSimulatorWebSocket,
  type SimulatorSocket,
  type SimulatorSocketRequest,
  type SimulatorWebSocket,
  type SimulatorWebSocketOptions,
  type SocketAuthorisation,
} from './websocket.js';
