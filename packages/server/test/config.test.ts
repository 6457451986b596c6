import { describe, expect, it } from 'vitest';
import { ConfigError, resolveServeConfig } from '../src/config.js';

function problems(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('resolveServeConfig', () => {
  it('uses the documented defaults', () => {
    const config = resolveServeConfig({}, {}, '/srv/app');
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 5000,
      wsPort: 8765,
      dataDir: '/srv/app/.openalgo',
      broker: 'sandbox',
      logLevel: 'info',
      apiKey: undefined,
      rekey: false,
    });
  });

  it('lets flags win over the environment and resolves paths against cwd', () => {
    const config = resolveServeConfig(
      { port: '7000', dataDir: 'data', wsPort: 'off' },
      { OPENALGO_PORT: '6000', OPENALGO_HOST: '0.0.0.0', OPENALGO_BROKER_PATHS: '/a,/b' },
      '/srv',
    );
    expect(config).toMatchObject({
      port: 7000,
      host: '0.0.0.0',
      dataDir: '/srv/data',
      wsPort: 'off',
      brokerPaths: ['/a', '/b'],
    });
  });

  it('names the flag, the variable and the bad value for each problem, all at once', () => {
    const found = problems(() =>
      resolveServeConfig(
        { port: 'abc' },
        { OPENALGO_WS_PORT: '70000', OPENALGO_BROKER: 'Bad Id', OPENALGO_LOG_LEVEL: 'loud' },
        '/',
      ),
    );
    expect(found).toHaveLength(4);
    expect(found[0]).toBe('--port (or OPENALGO_PORT): must be a port number between 0 and 65535 (got "abc")');
    expect(found.join('\n')).toMatch(
      /--ws-port \(or OPENALGO_WS_PORT\): must be a port number .*\(got "70000"\)/,
    );
    expect(found.join('\n')).toMatch(/--broker \(or OPENALGO_BROKER\): must be a broker id/);
    expect(found.join('\n')).toMatch(/--log-level .*must be one of fatal, error/);
  });

  it('explains a malformed OPENALGO_API_KEY or OPENALGO_SECRET_KEY without echoing it', () => {
    const secretish = 'not-a-key-1234567890';
    const found = problems(() =>
      resolveServeConfig({}, { OPENALGO_API_KEY: secretish, OPENALGO_SECRET_KEY: secretish }, '/'),
    );
    expect(found).toHaveLength(2);
    expect(found[0]).toMatch(/^OPENALGO_API_KEY: must be 64 lower-case hex characters/);
    expect(found[1]).toMatch(/^OPENALGO_SECRET_KEY must be 32 random bytes/);
    expect(found.join('\n')).not.toContain(secretish);
  });

  it('accepts a valid OPENALGO_API_KEY and public URL', () => {
    const key = 'ab'.repeat(32);
    const config = resolveServeConfig(
      { publicUrl: 'https://algo.example.com/' },
      { OPENALGO_API_KEY: key },
      '/',
    );
    expect(config.apiKey).toBe(key);
    expect(config.publicUrl).toBe('https://algo.example.com');
    expect(problems(() => resolveServeConfig({ publicUrl: 'ftp://x' }, {}, '/'))[0]).toMatch(/--public-url/);
  });
});
