/**
 * `@openalgo/testkit/oracle`: prove a broker adapter against the broker's official SDK. The SDK is
 * the outside oracle: it drives the simulator behind a loopback guard, and nock records what it
 * sends so the adapter's requests (recorded by undici's MockAgent) can be shown equal to it, up to a
 * table of intended differences. Runner-agnostic: hooks are passed in, failures are thrown errors.
 */
export { type AdapterReply, type RecordingMockAgentOptions, recordingMockAgent } from './adapter-side.js';
export { type Equivalence, EquivalenceError, equivalence, type IntendedDifference } from './intended.js';
export {
  type FileHooks,
  guardLoopback,
  LOOPBACK_REFUSED,
  type LoopbackGuard,
  onlyLoopback,
} from './loopback-guard.js';
export {
  type NockHooks,
  type RecordSdkRequestsOptions,
  recordSdkRequests,
  type SdkReply,
  UNREACHABLE_ROOT,
  useNock,
} from './sdk-side.js';
export { type Difference, differences, flatten, type WireRequest, type WireRules } from './wire.js';
