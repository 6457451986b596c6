/**
 * `@openalgo/core/testing`: the one set of test doubles for the adapter contract — a configurable fake
 * broker account (`FakeAdapter`), a whole fake plugin (`createFakeBroker`), a recording logger, and
 * builders that parse through core's schemas (`orderRequest`, `fakeManifest`, `instrumentRow`).
 * A separate entry so production code never loads it: nothing in core's main entry imports this.
 */
export { FakeAccount, type FakeAdapterOptions, type FakeCall } from './fake-account.js';
export { FakeAdapter, fakeAdapter } from './fake-adapter.js';
export {
  createFakeBroker,
  type FakeBrokerConfig,
  FakeBrokerConfigSchema,
  type FakeBrokerOptions,
  type FakeBrokerState,
} from './fake-broker.js';
export {
  type FailurePredicate,
  type FakeMethod,
  type FakeWriteMethod,
  type Fault,
  FaultPlan,
  type LoseResponseOptions,
  lostResponseError,
  unavailableError,
} from './fake-faults.js';
export type { PositionSeed } from './fake-ledger.js';
export { FLAT_MARKET, type MarketShape } from './fake-market.js';
export type { FillPart } from './fake-order-book.js';
export { FakeMarketStream, FakeOrderStream, refKey, type StreamCall } from './fake-streams.js';
export { instrumentRow } from './instrument-row.js';
export { type FakeManifestOverrides, fakeManifest } from './manifest.js';
export { modifyRequest, type OrderRequestPartial, orderRequest } from './order-request.js';
export { busiestWindow, seededRandom } from './property.js';
export { type LogLevel, type LogRecord, RecordingLogger, recordingLogger } from './recording-logger.js';
