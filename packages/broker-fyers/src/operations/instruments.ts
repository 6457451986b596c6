import type { CallOptions, Instrument, TransportOptions } from '@openalgo/core';
import { createFyersClient } from '../client.js';
import { fyersMasterUrls } from '../config.js';
import type { FyersContext } from '../context.js';
import { downloadFyersInstruments } from '../instruments/download.js';

/** What a master download needs beyond the adapter's context: the transport the account was made with. */
export interface InstrumentDownloadDeps {
  ctx: FyersContext;
  transport: TransportOptions;
}

/**
 * The segment masters (NSE_CM, NSE_FO, NSE_CD, BSE_CM, BSE_FO, MCX_COM), one CSV each, parsed by the
 * instruments module. They are public files on another host (`public.fyers.in`), so they are fetched by a
 * client of their own: it carries no `Authorization` header (the access token never leaves for a host
 * that does not need it) and draws nothing from the API's rate limits. The client is closed when the
 * caller finishes with the rows, or stops early.
 */
export async function* downloadInstruments(
  deps: InstrumentDownloadDeps,
  options?: CallOptions,
): AsyncGenerator<Instrument> {
  const { ctx } = deps;
  const http = createFyersClient({
    config: ctx.config,
    http: deps.transport,
    clock: ctx.clock,
    logger: ctx.logger,
    rateLimited: false,
  });
  try {
    yield* downloadFyersInstruments({
      http,
      urls: fyersMasterUrls(ctx.config),
      timeoutMs: ctx.config.timeouts.instrumentsMs,
      ...(options?.signal ? { signal: options.signal } : {}),
      logger: ctx.logger,
    });
  } finally {
    await http.close();
  }
}
