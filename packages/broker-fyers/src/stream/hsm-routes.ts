import { type InstrumentRef, InvalidRequestError, instrumentKey, type StreamMode } from '@openalgo/core';
import type { HsmTopic } from './hsm-decode.js';

/** LTP-only subscriptions ride a channel in lite mode; quote and depth a channel in full mode. */
export const LITE_CHANNEL = 1;
export const FULL_CHANNEL = 2;
/** Topics one HSM socket may carry (§3.7; the JS SDK refuses more with −351). */
export const HSM_MAX_SUBSCRIPTIONS = 5000;

/** One subscribed instrument: its topics, and their latest state on the current connection. */
export interface Route {
  ref: InstrumentRef;
  mode: StreamMode;
  quoteTopic: string;
  depthTopic: string | undefined;
  index: boolean;
  /** The latest state of the quote topic on this connection (set on its snapshot). */
  quote?: HsmTopic;
  depth?: HsmTopic;
}

export const channelOf = (mode: StreamMode): number => (mode === 'ltp' ? LITE_CHANNEL : FULL_CHANNEL);

export const topicsOf = (route: Route): string[] =>
  route.mode === 'depth' && route.depthTopic ? [route.quoteTopic, route.depthTopic] : [route.quoteTopic];

/** Past Fyers' per-socket topic cap a subscribe is refused whole, before anything is sent. */
export function checkCapacity(current: ReadonlyMap<string, Route>, incoming: readonly Route[]): void {
  const next = new Map(current);
  for (const route of incoming) next.set(instrumentKey(route.ref), route);
  let topics = 0;
  for (const route of next.values()) topics += topicsOf(route).length;
  if (topics > HSM_MAX_SUBSCRIPTIONS) {
    throw new InvalidRequestError(
      `Fyers streams at most ${HSM_MAX_SUBSCRIPTIONS} topics a socket (a depth subscription takes two); this subscribe would need ${topics}`,
      { field: 'instruments' },
    );
  }
}
