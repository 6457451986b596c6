import WebSocket from 'ws';
import type { Reply } from './simulated-server.js';

export interface FeedClient {
  send(message: Record<string, unknown>): void;
  /** The first message (already received or still to come) that passes `test`. */
  next(test: (message: Reply) => boolean): Promise<Reply>;
  close(): void;
}

/** An OpenAlgo WebSocket client of the server's feed: JSON messages in, JSON messages out. */
export async function openFeed(url: string): Promise<FeedClient> {
  const socket = new WebSocket(url);
  const messages: Reply[] = [];
  const waiters: Array<{ test: (m: Reply) => boolean; resolve: (m: Reply) => void }> = [];
  socket.on('message', (data) => {
    const message = JSON.parse(String(data)) as Reply;
    messages.push(message);
    for (const waiter of [...waiters]) {
      if (waiter.test(message)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(message);
      }
    }
  });
  await new Promise<void>((resolveOpen, reject) => {
    socket.once('open', () => resolveOpen());
    socket.once('error', reject);
  });
  return {
    send: (message) => socket.send(JSON.stringify(message)),
    next: (test) =>
      new Promise<Reply>((resolveMessage) => {
        const found = messages.find(test);
        if (found) resolveMessage(found);
        else waiters.push({ test, resolve: resolveMessage });
      }),
    close: () => socket.close(),
  };
}

/**
 * Authenticates with the API key, subscribes to one symbol in LTP mode and resolves with its first
 * market_data message (the auth and subscribe replies are checked on the way).
 */
export async function firstTick(
  wsUrl: string,
  key: string,
  broker: string,
  ref: { symbol: string; exchange: string },
): Promise<Reply> {
  const feed = await openFeed(wsUrl);
  try {
    feed.send({ action: 'authenticate', api_key: key });
    const auth = await feed.next((m) => m.type === 'auth');
    if (auth.status !== 'success' || auth.broker !== broker) {
      throw new Error(`feed authentication answered ${JSON.stringify(auth)}`);
    }
    feed.send({ action: 'subscribe', symbols: [ref], mode: 1 });
    const subscribed = await feed.next((m) => m.type === 'subscribe');
    if (subscribed.status !== 'success') throw new Error(`subscribe answered ${JSON.stringify(subscribed)}`);
    return await feed.next((m) => m.type === 'market_data');
  } finally {
    feed.close();
  }
}
