import type { Clock } from '@openalgo/core';
import { buildServer, type ServerHandle } from '../../src/app.js';
import type { ServerUrls } from '../../src/auth/pages.js';
import { resolveServeConfig } from '../../src/config.js';
import { createServerLogger } from '../../src/logging.js';
import { TEST_SECRET_HEX, tempDir } from './tmp.js';

export interface SandboxServer {
  server: ServerHandle;
  urls: ServerUrls;
  /** The API key minted at this first start. */
  key: string;
  close(): Promise<void>;
}

/**
 * `openalgo serve` with its defaults (the sandbox broker) in-process on free ports, REST and the
 * standalone WebSocket port both listening, in a fresh data directory that `close` removes.
 */
export async function startSandboxServer(clock: Clock): Promise<SandboxServer> {
  const { dir, cleanup } = tempDir();
  const env = { OPENALGO_SECRET_KEY: TEST_SECRET_HEX };
  const config = resolveServeConfig(
    { port: '0', wsPort: '0', dataDir: 'data', logLevel: 'silent' },
    env,
    dir,
  );
  let server: ServerHandle | undefined;
  try {
    server = await buildServer({ config, clock, env, logger: createServerLogger({ level: 'silent' }) });
    const urls = await server.start();
    const started = server;
    return {
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
