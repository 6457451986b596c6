import type { Exchange } from '@openalgo/core';

/** Leverage multipliers: margin = trade value / leverage (OpenAlgo analyzer semantics). */
export interface LeverageSettings {
  equityMis: number;
  equityCnc: number;
  futures: number;
  /** Option buys pay the premium: 1 means the full premium is blocked. */
  optionBuy: number;
  optionSell: number;
}

/** `HH:MM` IST per exchange; MIS positions there are closed at this time every trading day. */
export type SquareOffTimes = Partial<Record<Exchange, string>>;

export interface EngineSettings {
  startingCapital: number;
  leverage: LeverageSettings;
  squareOffTimes: SquareOffTimes;
  /** Exchange holidays as IST dates (`YYYY-MM-DD`); weekends are never trading days. */
  holidays: readonly string[];
}

export const DEFAULT_LEVERAGE: Readonly<LeverageSettings> = Object.freeze({
  equityMis: 5,
  equityCnc: 1,
  futures: 10,
  optionBuy: 1,
  optionSell: 1,
});

/** OpenAlgo's defaults: NSE/BSE 15:15, CDS/BCD 16:45, MCX 23:30, NCDEX 17:00 (F&O follow their cash market). */
export const DEFAULT_SQUARE_OFF_TIMES: Readonly<SquareOffTimes> = Object.freeze({
  NSE: '15:15',
  BSE: '15:15',
  NFO: '15:15',
  BFO: '15:15',
  CDS: '16:45',
  BCD: '16:45',
  MCX: '23:30',
  NCO: '23:30',
  NCDEX: '17:00',
});

export const DEFAULT_STARTING_CAPITAL = 10_000_000;

/** Engine settings as callers give them: anything left out takes OpenAlgo's default. */
export interface EngineSettingsInput {
  startingCapital?: number;
  leverage?: Partial<LeverageSettings>;
  squareOffTimes?: SquareOffTimes;
  holidays?: readonly string[];
}

export function defaultEngineSettings(overrides: EngineSettingsInput = {}): EngineSettings {
  return {
    startingCapital: overrides.startingCapital ?? DEFAULT_STARTING_CAPITAL,
    leverage: { ...DEFAULT_LEVERAGE, ...overrides.leverage },
    squareOffTimes: { ...DEFAULT_SQUARE_OFF_TIMES, ...overrides.squareOffTimes },
    holidays: overrides.holidays ?? [],
  };
}

/** `15:15` → minutes after midnight; throws for anything that is not a 24-hour HH:MM. */
export function minutesOfDay(hhmm: string): number {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(hhmm);
  if (!m) throw new RangeError(`"${hhmm}" is not a time of day as HH:MM (24-hour, IST)`);
  return Number(m[1]) * 60 + Number(m[2]);
}
