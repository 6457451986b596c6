/** The simulator's HSM market-data socket; see `hsm-server.ts` for the attach contract. */
export { hsmCallbacks } from './for-simulator.js';
export {
  type AttachHsmSocketOptions,
  attachHsmSocket,
  type HsmFeedInstrument,
  type HsmSocketServer,
} from './hsm-server.js';
