import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { onlyLoopback } from '@openalgo/testkit/oracle';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOT_SERVED } from './not-served.js';
import { rejectionOf, type SdkSession, startSdkSession } from './sdk-session.js';

onlyLoopback({ beforeAll, afterAll });

const SIMULATOR_MD = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'SIMULATOR.md');

let s: SdkSession;
let expiryHookCalls = 0;
beforeAll(async () => {
  s = await startSdkSession();
  s.kc.setSessionExpiryHook(() => {
    expiryHookCalls += 1;
  });
});
afterAll(() => s.close());

describe('SDK calls the simulator does not serve', () => {
  it.each(NOT_SERVED.map((row) => [row.method, row] as const))(
    '%s fails with Kite’s error envelope',
    async (_method, row) => {
      expect(await rejectionOf(row.call(s.kc))).toEqual({ status: 'error', ...row.refusal, data: null });
    },
  );

  it('leaves the session alone: no refusal is a TokenException, the hook never fires', async () => {
    expect(expiryHookCalls).toBe(0);
    expect((await s.kc.getProfile()).user_id).toBe('ZS0042');
  });

  it('are the rows of SIMULATOR.md’s “Not served” table, with the same routes', () => {
    const markdown = readFileSync(SIMULATOR_MD, 'utf8');
    const section = markdown.slice(markdown.indexOf('## Not served'));
    const rows = section
      .split('\n')
      .filter((line) => line.startsWith('| `'))
      .map((line) => line.split('|').map((cell) => cell.trim()));
    expect(rows.map((cells) => [cells[1], cells[2]])).toEqual(
      NOT_SERVED.map((row) => [`\`${row.method}\``, `\`${row.route}\``]),
    );
  });
});
