import { sandboxPlugin } from './plugin.js';

export { SandboxAdapter, type SandboxAdapterOptions } from './adapter.js';
export { type Analyzer, type CreateAnalyzerOptions, createAnalyzer } from './analyzer.js';
export { type SandboxConfig, type SandboxConfigInput, SandboxConfigSchema } from './config.js';
export {
  type CreateSandboxOptions,
  createSandbox,
  DEFAULT_SANDBOX_START,
  type SandboxBackdoor,
  type SandboxInstance,
} from './create-sandbox.js';
export {
  type ModifyOrderInput,
  type OrderListener,
  type PlaceOrderInput,
  SandboxEngine,
  type SandboxEngineOptions,
} from './engine/engine.js';
export type {
  AccountRecord,
  EngineOrderStatus,
  HoldingRecord,
  InstrumentKind,
  OrderRecord,
  PositionRecord,
  SandboxState,
  TradeRecord,
} from './engine/records.js';
export {
  DEFAULT_LEVERAGE,
  DEFAULT_SQUARE_OFF_TIMES,
  DEFAULT_STARTING_CAPITAL,
  type EngineSettings,
  type EngineSettingsInput,
  type LeverageSettings,
  type SquareOffTimes,
} from './engine/settings.js';
export type { FundsView, HoldingView, PositionView } from './engine/views.js';
export {
  type RecordedRequest,
  SANDBOX_OPS,
  type SandboxFault,
  SandboxHarness,
  type SandboxOp,
  type WriteOp,
} from './harness-hooks.js';
export {
  readSandboxServices,
  SANDBOX_SERVICES,
  type SandboxServices,
  sandboxServices,
} from './host-services.js';
export { MapInstrumentLookup } from './instruments.js';
export { SANDBOX_INTERVALS, SANDBOX_MANIFEST } from './manifest.js';
export { RAW_STATUS, toOrder } from './mapping.js';
export * from './market/index.js';
export { createSandboxAdapter, sandboxPlugin } from './plugin.js';
export { nextSessionExpiry, sandboxSession } from './session.js';
export * from './store/index.js';

export default sandboxPlugin;
