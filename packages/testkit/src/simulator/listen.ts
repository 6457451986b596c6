import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * `createSimulatorServer` always listens on 127.0.0.1 at a free port. For a fixed port (a CLI's
 * `--port`) or another interface the same server is moved: closed (nothing is connected yet) and
 * listened again. Returns the port it now listens on; a no-op when it already listens there.
 */
export async function relisten(server: Server, port: number, host: string): Promise<number> {
  const current = server.address() as AddressInfo;
  if ((port === 0 || port === current.port) && host === current.address) return current.port;
  await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return (server.address() as AddressInfo).port;
}
