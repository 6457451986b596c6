import type { SdkTick, WebSocketV2, WsOrderUpdates } from './sdk-types.js';

/** A `tick` callback's argument: a decoded packet (object) or a text frame (string). */
export type Frame = SdkTick | string;

/**
 * The frames of the SDK's socket classes, queued. `WebSocketV2` and `WSOrderUpdates` keep their
 * callbacks in module-level arrays (every instance of a class shares them, and a callback can never
 * be removed), so a test file registers one queue per class and reads frames in order: `next` waits
 * for the frame itself, never for time.
 */
export class FrameQueue {
  private readonly frames: Frame[] = [];
  private wake: (() => void) | undefined;

  constructor(source: WebSocketV2 | WsOrderUpdates) {
    source.on('tick', (frame: unknown) => {
      // Decoded packets are objects, text frames strings (ws hands WSOrderUpdates text as a string).
      this.frames.push(Buffer.isBuffer(frame) ? frame.toString('utf8') : (frame as Frame));
      this.wake?.();
    });
  }

  /** Drops everything received so far. */
  clear(): void {
    this.frames.length = 0;
  }

  /** Everything received so far and not yet consumed. */
  pending(): readonly Frame[] {
    return this.frames;
  }

  /** The first queued frame that `accept`s (consumed; the others stay queued). */
  async next<T extends Frame>(accept: (frame: Frame) => frame is T): Promise<T>;
  async next(accept: (frame: Frame) => boolean): Promise<Frame>;
  async next(accept: (frame: Frame) => boolean): Promise<Frame> {
    for (;;) {
      const index = this.frames.findIndex(accept);
      if (index >= 0) return this.frames.splice(index, 1)[0] as Frame;
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
    }
  }

  /** The next decoded packet of `token` in `mode` (1 LTP, 2 Quote, 3 SnapQuote). */
  packet(token: string, mode: number): Promise<SdkTick> {
    return this.next(
      (f): f is SdkTick =>
        typeof f === 'object' && f.token === JSON.stringify(token) && f.subscription_mode === String(mode),
    );
  }

  /** The next text frame that parses as JSON and `accept`s. */
  async json(
    accept: (message: Record<string, unknown>) => boolean = () => true,
  ): Promise<Record<string, unknown>> {
    const frame = await this.next((f) => typeof f === 'string' && parsesAs(f, accept));
    return JSON.parse(frame as string) as Record<string, unknown>;
  }
}

function parsesAs(text: string, accept: (message: Record<string, unknown>) => boolean): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && accept(value as Record<string, unknown>);
  } catch {
    return false;
  }
}
