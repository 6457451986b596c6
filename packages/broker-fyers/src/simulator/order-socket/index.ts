/** The simulator's order socket; see `order-socket.ts` for the attach contract. */
export { orderSocketCallbacks } from './for-simulator.js';
export {
  type AttachOrderSocketOptions,
  attachOrderSocket,
  type OrderSocketServer,
  type OrderSocketUpdate,
} from './order-socket.js';
export { socketOrder, socketPosition, socketTrade } from './socket-rows.js';
