import zerodha from '@openalgo/broker-zerodha';
import type { BrokerPlugin } from '@openalgo/core';
import { RecordingLogger } from '@openalgo/core/testing';
import { describe, expect, it } from 'vitest';
import {
  checkLocalAddress,
  EgressAddressError,
  egressFor,
  warnUnavailableEgressAddresses,
} from '../../src/accounts/account-egress.js';
import { resolveBrokerConfig } from '../../src/accounts/broker-config.js';

/** How `egress` and `accounts.<id>.egress` are read beside a broker's other settings, and refused. */
const plugin = zerodha as BrokerPlugin;
const BASE = {
  apiKey: 'kitekey',
  apiSecret: 'kitesecret',
  redirectUrl: 'http://127.0.0.1:5000/auth/zerodha/callback',
};
const PASSWORD = 'hunter2-proxy-pass';

function resolve(file: Record<string, unknown>, env: NodeJS.ProcessEnv = {}) {
  return resolveBrokerConfig(plugin, { file: { zerodha: { ...BASE, ...file } }, env, dataDir: '/data' });
}

describe('egress settings', () => {
  it('reads a broker-wide egress and per-account ones from brokers.json, out of the plugin config', () => {
    const result = resolve({
      egress: { localAddress: '127.0.0.2' },
      accounts: { 'zerodha-2': { egress: { proxy: `http://u:${PASSWORD}@127.0.0.1:3128` } } },
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.egress).toEqual({
      default: { localAddress: '127.0.0.2' },
      accounts: { 'zerodha-2': { proxy: `http://u:${PASSWORD}@127.0.0.1:3128` } },
    });
    expect(result.config).not.toHaveProperty('egress');
    expect(result.config).not.toHaveProperty('accounts');
    expect(egressFor(result.egress, { id: 'zerodha-2', userId: 'AB1234' })).toEqual({
      proxy: `http://u:${PASSWORD}@127.0.0.1:3128`,
    });
    expect(egressFor(result.egress, { id: 'zerodha', userId: 'AB1234' })).toEqual({
      localAddress: '127.0.0.2',
    });
  });

  it('reads OPENALGO_<BROKER>_EGRESS as JSON; an account keyed by broker user id wins over the default', () => {
    const result = resolve(
      {},
      {
        OPENALGO_ZERODHA_EGRESS: '{"localAddress":"::1"}',
        OPENALGO_ZERODHA_ACCOUNTS: '{"AB1234":{"egress":{"localAddress":"127.0.0.3"}}}',
      },
    );
    if (!result.ok) throw new Error(result.message);
    expect(egressFor(result.egress, { id: 'zerodha', userId: 'AB1234' })).toEqual({
      localAddress: '127.0.0.3',
    });
    expect(egressFor(result.egress, { id: 'zerodha-2', userId: 'CD5678' })).toEqual({ localAddress: '::1' });
  });

  it('without egress the account uses the default route', () => {
    const result = resolve({});
    if (!result.ok) throw new Error(result.message);
    expect(result.egress).toBeUndefined();
    expect(egressFor(result.egress, { id: 'zerodha' })).toBeUndefined();
  });

  it.each([
    [{ egress: { localAddress: 'not-an-ip' } }, 'egress.localAddress', 'IPv4 or IPv6 address'],
    [{ egress: { localAddress: '127.0.0.2', proxy: 'http://127.0.0.1:3128' } }, 'egress', 'exactly one'],
    [{ egress: {} }, 'egress', 'exactly one'],
    [{ egress: { localAdress: '127.0.0.2' } }, 'egress', 'unknown setting localAdress'],
    [{ egress: 'eth0' }, 'egress', 'must be an object'],
    [{ egress: { proxy: `socks5://u:${PASSWORD}@127.0.0.1:1080` } }, 'egress.proxy', 'http(s) URL'],
    [{ egress: { proxy: `u:${PASSWORD}@127.0.0.1` } }, 'egress.proxy', 'http(s) URL'],
    [
      { accounts: { x: { egress: { proxy: `ftp://u:${PASSWORD}@h` } } } },
      'accounts.x.egress.proxy',
      'http(s) URL',
    ],
    [{ accounts: { x: { egres: {} } } }, 'accounts.x', 'only "egress"'],
    [{ accounts: [] }, 'accounts', 'keyed by account id'],
  ])('%j is refused naming %s, where to set it, and never the proxy password', (file, field, words) => {
    const result = resolve(file);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.fields).toContain(field);
    expect(result.message).toContain(`${field}: `);
    expect(result.message).toContain(words);
    expect(result.message).toMatch(
      /OPENALGO_ZERODHA_(EGRESS|ACCOUNTS) or "(egress|accounts)" under "zerodha"/,
    );
    expect(result.message).not.toContain(PASSWORD);
  });

  it('an invalid environment value is refused naming the variable', () => {
    const result = resolve({}, { OPENALGO_ZERODHA_EGRESS: `{"proxy":"gopher://u:${PASSWORD}@x"}` });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.message).toContain('egress.proxy: must be an http(s) URL');
    expect(result.message).toContain('OPENALGO_ZERODHA_EGRESS');
    expect(result.message).not.toContain(PASSWORD);
  });
});

describe('the bind check', () => {
  it('passes for an address of this host', async () => {
    await expect(checkLocalAddress('zerodha', '127.0.0.1')).resolves.toBeUndefined();
  });

  it('names the account and the address when this host does not have it', async () => {
    const failure = await checkLocalAddress('zerodha-2', '192.0.2.77').catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(EgressAddressError);
    expect((failure as Error).message).toMatch(
      /^account zerodha-2: egress\.localAddress 192\.0\.2\.77 is not an address of this host \(EADDRNOTAVAIL\)/,
    );
  });
});

describe('the start-up check', () => {
  it('warns, naming the broker, the setting and the address, for each configured address this host lacks', async () => {
    const logger = new RecordingLogger();
    const configs = new Map([
      [
        'zerodha',
        resolve({
          egress: { localAddress: '127.0.0.1' },
          accounts: { AB1234: { egress: { localAddress: '192.0.2.77' } } },
        }),
      ],
      ['angel', { ok: false as const, message: 'angel is not configured', fields: [] }],
    ]);
    const warnings = await warnUnavailableEgressAddresses(configs, logger);
    expect(warnings).toEqual([
      expect.stringMatching(
        /^zerodha: accounts\.AB1234\.egress\.localAddress 192\.0\.2\.77 is not an address of this host \(EADDRNOTAVAIL\)/,
      ),
    ]);
    expect(logger.messages('warn')).toEqual(warnings);
  });
});
