import type { BrokerAdapter, InstrumentLookup, Logger, TradingService } from '@openalgo/core';

/**
 * Everything a request needs about the account its API key is bound to. The REST routes and the
 * WebSocket feed both resolve keys to this and nothing else, so they cannot drift apart.
 */
export interface AccountContext {
  accountId: string;
  /** Broker plugin id (`sandbox`, `zerodha`…). */
  broker: string;
  /** The broker's user id for the logged-in session. */
  userId: string;
  /** Market data always comes from here (the live broker, or the sandbox's synthetic market). */
  dataAdapter: BrokerAdapter;
  /**
   * Orders and books come from here: the live adapter, or — when the account is in analyzer mode —
   * a sandbox engine priced by `dataAdapter` (real data, simulated execution).
   */
  executionAdapter: BrokerAdapter;
  trading: TradingService;
  instruments: InstrumentLookup;
  /** True while orders for this account are simulated (OpenAlgo's `mode: "analyze"`). */
  analyzeMode: boolean;
  logger: Logger;
}

export type AccountResolution =
  | { ok: true; account: AccountContext }
  | { ok: false; reason: 'invalid_key' | 'no_session' | 'session_expired'; message: string };

/** Resolves an OpenAlgo API key (64 hex characters) to the account it is bound to. */
export interface AccountResolver {
  resolveApiKey(apiKey: string): Promise<AccountResolution>;
  /**
   * Switches the account between live execution and analyzer mode (sandbox execution priced by the
   * live data adapter), for `POST /api/v1/analyzer/toggle`. Optional: without it the toggle answers
   * 501. Keys resolved after it resolves must see the new mode.
   */
  setAnalyzeMode?(accountId: string, on: boolean): Promise<void>;
}
