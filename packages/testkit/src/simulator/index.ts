export type { MasterInstrument, MasterSegment, MasterUniverseOptions } from '../masters.js';
export { generateMasterUniverse, masterRowToInstrument } from '../masters.js';
export { parseBody, serialiseBody } from './body.js';
export { type FaultRoutes, type FaultTranslation, injectRouteFault } from './fault-routes.js';
export { type ArmedFault, type ErrorBodyHook, FaultController, type FaultScope } from './faults.js';
export { chooseFixtures, sandboxFixtures } from './fixtures.js';
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
