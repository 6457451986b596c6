import type { Clock } from '@openalgo/core';
import { buildServer, type ServerHandle } from '../../src/app.js';
import type { ServerUrls } from '../../src/auth/pages.js';
import { resolveServeConfig, type ServeFlags, type ServerConfig } from '../../src/config.js';
import { createServerLogger } from '../../src/logging.js';
import { TEST_SECRET_HEX, tempDir } from './tmp.js';

export interface TestServer {
  /** The temporary working directory; the data directory is `<dir>/data`. */
  dir: string;
  config: ServerConfig;
  server: ServerHandle;
  urls: ServerUrls;
  /** The API key minted at this first start. */
  key: string;
  /** Closes the server and removes the directory. */
  close(): Promise<void>;
}

/**
 * `openalgo serve <flags>` in-process, silent, on free ports unless the flags say otherwise, in a
 * fresh data directory that `close` removes (also when the start fails).
 */
export async function startTestServer(flags: ServeFlags, clock: Clock): Promise<TestServer> {
  const { dir, cleanup } = tempDir();
  const env = { OPENALGO_SECRET_KEY: TEST_SECRET_HEX };
  const config = resolveServeConfig({ port: '0', dataDir: 'data', logLevel: 'silent', ...flags }, env, dir);
  let server: ServerHandle | undefined;
  try {
    server = await buildServer({ config, clock, env, logger: createServerLogger({ level: 'silent' }) });
    const urls = await server.start();
    const started = server;
    return {
      dir,
      config,
      server,
      urls,
      key: server.newApiKey as string,
      close: async () => {
        await started.close();
        cleanup();
      },
    };
  } catch (error) {
    await server?.close();
    cleanup();
    throw error;
  }
}

/** The default broker (the sandbox), REST and the standalone WebSocket port both listening. */
export function startSandboxServer(clock: Clock): Promise<TestServer> {
  return startTestServer({ wsPort: '0' }, clock);
}
