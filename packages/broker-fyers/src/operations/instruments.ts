import type {
  CallOptions,
  HttpClient,
  Instrument,
  InstrumentBatches,
  TransportOptions,
} from '@openalgo/core';
import { createFyersClient } from '../client.js';
import { fyersMasterUrls } from '../config.js';
import type { FyersContext } from '../context.js';
import { downloadFyersInstruments } from '../instruments/download.js';

/**
 * The segment masters (NSE_CM, NSE_FO, NSE_CD, BSE_CM, BSE_FO, MCX_COM), one CSV each, parsed by the
 * instruments module. They are public files on another host (`public.fyers.in`), so they are fetched by a
 * client of their own: it carries no `Authorization` header (the access token never leaves for a host
 * that does not need it) and draws nothing from the API's rate limits. The client is made on the first
 * download and closed with the adapter; the source is handed over as the parser made it, so core's index
 * keeps reading it a batch at a time.
 */
export class MasterDownloads {
  private client: HttpClient | undefined;

  constructor(
    private readonly ctx: FyersContext,
    private readonly transport: TransportOptions,
  ) {}

  download(options?: CallOptions): AsyncIterable<Instrument> & InstrumentBatches {
    const { ctx } = this;
    this.client ??= createFyersClient({
      config: ctx.config,
      http: this.transport,
      clock: ctx.clock,
      logger: ctx.logger,
      rateLimited: false,
    });
    return downloadFyersInstruments({
      http: this.client,
      urls: fyersMasterUrls(ctx.config),
      timeoutMs: ctx.config.timeouts.instrumentsMs,
      ...(options?.signal ? { signal: options.signal } : {}),
      logger: ctx.logger,
    });
  }

  async close(): Promise<void> {
    await this.client?.close();
  }
}
