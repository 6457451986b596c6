import type { MarketStream, OrderStream } from '../contract/adapter.js';

/**
 * The streams an adapter has handed out and not yet seen closed, so its `close()` can release every
 * socket and timer it owns. A stream closed by its user leaves the set; one closed by the adapter is
 * closed once.
 */
export class OpenStreams {
  private readonly open = new Set<MarketStream | OrderStream>();

  /** Registers `stream` and returns it, its `close` now also removing it from the set. */
  track<S extends MarketStream | OrderStream>(stream: S): S {
    this.open.add(stream);
    const close = stream.close.bind(stream);
    stream.close = async () => {
      this.open.delete(stream);
      await close();
    };
    return stream;
  }

  get size(): number {
    return this.open.size;
  }

  /** Closes every stream still open. */
  async closeAll(): Promise<void> {
    await Promise.all([...this.open].map((stream) => stream.close()));
  }
}
