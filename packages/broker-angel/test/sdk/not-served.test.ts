import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { onlyLoopback } from '@openalgo/testkit/oracle';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOT_SERVED } from './not-served.js';
import { dataOf, type SdkSession, startSdkSession } from './sdk-session.js';

onlyLoopback({ beforeAll, afterAll });

const SIMULATOR_MD = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'SIMULATOR.md');

let s: SdkSession;
let expiryHookCalls = 0;
beforeAll(async () => {
  s = await startSdkSession();
  s.client.setSessionExpiryHook(() => {
    expiryHookCalls += 1;
  });
});
afterAll(() => s.close());

describe('SDK calls the simulator does not serve', () => {
  it.each(NOT_SERVED.map((row) => [row.method, row] as const))(
    '%s fails with Angel’s error envelope on HTTP 200',
    async (_method, row) => {
      const before = s.sim.backdoor.orders().length;
      expect(await row.call(s.client)).toEqual({
        status: false,
        message: expect.stringMatching(row.refusal.message),
        errorcode: row.refusal.errorcode,
        data: null,
      });
      expect(s.sim.backdoor.requests().at(-1)?.path).toBe(`/rest/secure/angelbroking${row.route}`);
      expect(s.sim.backdoor.orders()).toHaveLength(before);
    },
  );

  it('leave the session alone: no refusal is a token error, the hook never fires', async () => {
    expect(expiryHookCalls).toBe(0);
    expect((await dataOf(s.client.getProfile())).clientcode).toBe(s.clientCode);
  });

  it('are the rows of SIMULATOR.md’s “Not served” table, with the same routes', () => {
    const markdown = readFileSync(SIMULATOR_MD, 'utf8');
    const section = markdown.slice(markdown.indexOf('## Not served'));
    const table = section.slice(0, section.indexOf('\n\n', section.indexOf('| SDK method')));
    const rows = table
      .split('\n')
      .filter((line) => line.startsWith('| `'))
      .map((line) => line.split('|').map((cell) => cell.trim()));
    expect(rows.map((cells) => [cells[1], cells[2]])).toEqual(
      NOT_SERVED.map((row) => [`\`${row.method}\``, `\`${row.route}\``]),
    );
  });
});
