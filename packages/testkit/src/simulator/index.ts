export type { MasterInstrument, MasterSegment, MasterUniverseOptions } from '../masters.js';
export { generateMasterUniverse, masterRowToInstrument } from '../masters.js';
export { parseBody, serialiseBody } from './body.js';
export { type ArmedFault, type ErrorBodyHook, FaultController, type FaultScope } from './faults.js';
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
export {
  createSimulatorWebSocket,
  type SimulatorSocket,
  type SimulatorSocketRequest,
  type SimulatorWebSocket,
  type SimulatorWebSocketOptions,
  type SocketAuthorisation,
} from './websocket.js';
