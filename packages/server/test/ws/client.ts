import { WebSocket } from 'ws';

export type Json = Record<string, unknown>;

/**
 * A test client over a real socket: every message is kept in arrival order, and `next` waits for
 * the first not-yet-taken message that matches. Nothing here sleeps; waits end on socket events.
 */
export class TestClient {
  readonly received: Json[] = [];
  private taken = 0;
  private waiters: Array<() => void> = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private pingSeq = 0;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      this.received.push(JSON.parse(data.toString()) as Json);
      for (const wake of this.waiters.splice(0)) wake();
    });
    this.closed = new Promise((resolve) => {
      ws.on('close', (code, reason) => {
        resolve({ code, reason: reason.toString() });
        for (const wake of this.waiters.splice(0)) wake();
      });
    });
  }

  static async connect(url: string): Promise<TestClient> {
    const ws = new WebSocket(url);
    const client = new TestClient(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return client;
  }

  send(message: Json | string): void {
    this.ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** Takes (and returns) every message from the current position up to and including the first match. */
  async until(match: (m: Json) => boolean): Promise<Json[]> {
    for (;;) {
      const index = this.received.findIndex((m, i) => i >= this.taken && match(m));
      if (index !== -1) {
        const batch = this.received.slice(this.taken, index + 1);
        this.taken = index + 1;
        return batch;
      }
      if (this.ws.readyState === WebSocket.CLOSED) {
        throw new Error(
          `socket closed while waiting; unread: ${JSON.stringify(this.received.slice(this.taken))}`,
        );
      }
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  /** The next message matching `match`, skipping (and consuming) anything before it. */
  async next(match: (m: Json) => boolean = () => true): Promise<Json> {
    const batch = await this.until(match);
    return batch[batch.length - 1] as Json;
  }

  /** Sends a request and returns the next message matching `match` (default: any). */
  async request(message: Json | string, match: (m: Json) => boolean = () => true): Promise<Json> {
    this.send(message);
    return this.next(match);
  }

  /**
   * A round-trip barrier: the server answers pings in order after everything it already sent, so the
   * messages returned are exactly those that arrived before the pong.
   */
  async drain(): Promise<Json[]> {
    const id = `barrier-${++this.pingSeq}`;
    this.send({ action: 'ping', _pingId: id });
    const batch = await this.until((m) => m.type === 'pong' && m._pingId === id);
    return batch.slice(0, -1);
  }

  async authenticate(apiKey: string): Promise<Json> {
    return this.request({ action: 'authenticate', api_key: apiKey }, (m) => m.type === 'auth');
  }

  async subscribe(body: Json): Promise<Json> {
    return this.request(
      { action: 'subscribe', ...body },
      (m) => m.type === 'subscribe' || m.status === 'error',
    );
  }

  async unsubscribe(body: Json): Promise<Json> {
    return this.request(
      { action: 'unsubscribe', ...body },
      (m) => m.type === 'unsubscribe' || m.status === 'error',
    );
  }

  async close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return;
    this.ws.close();
    await this.closed;
  }
}

export function marketData(m: Json): boolean {
  return m.type === 'market_data';
}

/**
 * Yields to the event loop (one macrotask per round, no timers) until `check` holds — for effects
 * of a socket closing, which reach the server on its own schedule.
 */
export async function eventually(check: () => boolean, what: string, rounds = 20_000): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    if (check()) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  throw new Error(`gave up waiting for ${what}`);
}
