import { spawn } from 'node:child_process';

/**
 * Runs the bundled journal child (`fixtures/journal-child.ts`) with `args` until it has printed `acks`
 * acknowledgements (`ACK <clientOrderId> <orderId>` lines), then SIGKILLs it: a crash in the middle of
 * placing orders, timed by the child's own progress rather than the clock. Resolves with what was acked.
 */
export function runJournalChildAndKill(
  childFile: string,
  args: readonly string[],
  acks: number,
): Promise<Map<string, string>> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [childFile, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const acked = new Map<string, string>();
    let buffer = '';
    let stderr = '';
    let killed = false;
    proc.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    proc.stdout.on('data', (d: Buffer) => {
      buffer += d.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        const [tag, cid, orderId] = line.split(' ');
        if (tag === 'ACK' && cid && orderId) acked.set(cid, orderId);
      }
      if (!killed && acked.size >= acks) {
        killed = true;
        proc.kill('SIGKILL');
      }
    });
    proc.on('exit', (_code, signal) => {
      if (signal === 'SIGKILL') resolve(acked);
      else reject(new Error(`child exited without being killed: ${stderr}`));
    });
  });
}
