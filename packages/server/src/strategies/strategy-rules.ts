import { istParts } from '@openalgo/core';

/**
 * OpenAlgo's rules for a strategy's settings (blueprints/strategy.py): the name, and the hours of
 * an intraday strategy. Shared by the API and the CLI, so both refuse the same things in the same
 * words. Each problem names the field it is about.
 */

export const TRADING_MODES = ['LONG', 'SHORT', 'BOTH'] as const;
export type TradingMode = (typeof TRADING_MODES)[number];
export const STRATEGY_TYPES = ['intraday', 'positional'] as const;
export type StrategyType = (typeof STRATEGY_TYPES)[number];

/** OpenAlgo's: 3 to 50 letters, digits, spaces, hyphens, underscores, slashes and parentheses. */
export const NAME_PATTERN = /^[A-Za-z0-9 _/()-]{3,50}$/;
export const NAME_RULE =
  'must be 3 to 50 characters: letters, digits, spaces, hyphens, underscores, slashes, parentheses';

/** The hours OpenAlgo allows an intraday strategy: within the cash market's session. */
export const MARKET_OPEN = '09:15';
export const MARKET_CLOSE = '15:30';

const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;

export interface FieldProblem {
  field: string;
  message: string;
}

export interface StrategyHours {
  startTime?: string | undefined;
  endTime?: string | undefined;
  squareoffTime?: string | undefined;
}

/** Minutes since IST midnight of an `HH:MM` (already checked). */
export function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return (h as number) * 60 + (m as number);
}

/** The IST wall-clock minute of an instant, as minutes since midnight. */
export function istMinuteOfDay(epochMs: number): number {
  const p = istParts(epochMs);
  return p.hour * 60 + p.minute;
}

export function formatMinute(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}

/**
 * The hours' problems, OpenAlgo's checks in its order: an intraday strategy needs all three times
 * as HH:MM IST, starting no earlier than the open, ending and squaring off no later than the close,
 * start before end, and square-off at or after both. A positional strategy has no hours.
 */
export function hoursProblems(type: StrategyType, hours: StrategyHours): FieldProblem[] {
  const named = [
    ['start_time', hours.startTime],
    ['end_time', hours.endTime],
    ['squareoff_time', hours.squareoffTime],
  ] as const;
  if (type === 'positional') {
    return named
      .filter(([, value]) => value !== undefined)
      .map(([field]) => ({
        field,
        message: 'only intraday strategies have hours; send type "intraday", or leave it out',
      }));
  }
  const problems: FieldProblem[] = [];
  for (const [field, value] of named) {
    if (value === undefined)
      problems.push({ field, message: 'is required for an intraday strategy (HH:MM IST)' });
    else if (!HH_MM.test(value)) problems.push({ field, message: 'must be a time as HH:MM (IST, 24-hour)' });
  }
  if (problems.length > 0) return problems;
  const start = minutesOf(hours.startTime as string);
  const end = minutesOf(hours.endTime as string);
  const squareoff = minutesOf(hours.squareoffTime as string);
  const open = minutesOf(MARKET_OPEN);
  const close = minutesOf(MARKET_CLOSE);
  if (start < open)
    problems.push({ field: 'start_time', message: `must not be before the market opens (${MARKET_OPEN})` });
  if (end > close)
    problems.push({ field: 'end_time', message: `must not be after the market closes (${MARKET_CLOSE})` });
  if (squareoff > close) {
    problems.push({
      field: 'squareoff_time',
      message: `must not be after the market closes (${MARKET_CLOSE})`,
    });
  }
  if (start >= end) problems.push({ field: 'end_time', message: 'must be after start_time' });
  if (squareoff < start || squareoff < end) {
    problems.push({ field: 'squareoff_time', message: 'must not be before start_time or end_time' });
  }
  return problems;
}

/** Whether a webhook signal opens or grows a position (entry) or closes one (exit). */
export type SignalKind = 'entry' | 'exit';

/**
 * Why an intraday strategy refuses a signal now, or undefined when it may go ahead: entries are
 * taken from start_time to end_time, exits from start_time to squareoff_time (inclusive minutes,
 * as OpenAlgo compares HH:MM strings). Positional strategies take signals at any time.
 */
export function outsideHours(
  strategy: { type: StrategyType } & StrategyHours,
  kind: SignalKind,
  nowMs: number,
): string | undefined {
  if (strategy.type !== 'intraday' || !strategy.startTime || !strategy.endTime || !strategy.squareoffTime) {
    return undefined;
  }
  const now = istMinuteOfDay(nowMs);
  const start = minutesOf(strategy.startTime);
  const last = minutesOf(kind === 'entry' ? strategy.endTime : strategy.squareoffTime);
  if (now >= start && now <= last) return undefined;
  const window = `${strategy.startTime}–${kind === 'entry' ? strategy.endTime : strategy.squareoffTime} IST`;
  const when =
    now < start ? 'before the strategy starts' : `after its ${kind === 'entry' ? 'end' : 'square-off'} time`;
  return (
    `${kind === 'entry' ? 'Entry' : 'Exit'} refused: it is ${formatMinute(now)} IST, ${when}; ` +
    `this intraday strategy takes ${kind === 'entry' ? 'entries' : 'exits'} from ${window}`
  );
}
