import { describe, expect, it } from 'vitest';
import { createRedactingLogger, isSecretKey, REDACTED, redact, redactQuery } from '../../src/http/logger.js';
import { RecordingLogger } from '../../src/testing/index.js';

describe('isSecretKey', () => {
  it.each([
    'Authorization',
    'access_token',
    'X-Api-Secret',
    'apiSecret',
    'checksum',
    'password',
    'totp',
    'jwtToken',
    'Cookie',
    'loginSecrets',
    'totpSecret',
  ])('%s is secret', (key) => expect(isSecretKey(key)).toBe(true));
  it.each(['symboltoken', 'instrument_token', 'token', 'symbol', 'quantity', 'orderid'])('%s is not', (key) =>
    expect(isSecretKey(key)).toBe(false),
  );
});

describe('redact', () => {
  it('replaces secret-named values at any depth, leaving the input untouched', () => {
    const input = {
      user: 'AB12',
      session: { access_token: 'tok-123456', list: [{ password: 'pw-123456' }] },
    };
    expect(redact(input)).toEqual({
      user: 'AB12',
      session: { access_token: REDACTED, list: [{ password: REDACTED }] },
    });
    expect(input.session.access_token).toBe('tok-123456');
  });

  it('redacts query strings by parameter name', () => {
    expect(redactQuery('a=1&access_token=xyz&api_secret=s&b=2')).toBe(
      `a=1&access_token=${REDACTED}&api_secret=${REDACTED}&b=2`,
    );
  });
});

describe('createRedactingLogger', () => {
  it('redacts by key and scrubs known secret values from free text', () => {
    const inner = new RecordingLogger();
    const logger = createRedactingLogger(inner, { secretValues: () => ['sekret-value-1'] }).child({
      api_key: 'k-123456',
    });
    logger.info({ msg: 'echo sekret-value-1', apiSecret: 'x' }, 'hello');
    expect(inner.records.map(({ level, fields, msg }) => ({ level, fields, msg }))).toEqual([
      {
        level: 'info',
        fields: { api_key: REDACTED, msg: `echo ${REDACTED}`, apiSecret: REDACTED },
        msg: 'hello',
      },
    ]);
  });
});
