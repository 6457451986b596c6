import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import { tempDir } from '../helpers/tmp.js';

/** The idempotency key table: claims, expiry takeover, release, journal lookups, sweeping. */

let store: SqliteStore;
let cleanup: () => void;
beforeEach(() => {
  const tmp = tempDir();
  cleanup = tmp.cleanup;
  store = SqliteStore.openDataDir(tmp.dir);
});
afterEach(() => {
  store.close();
  cleanup();
});

const row = (key: string, at: number, fields: { fingerprint?: string; brokerTag?: string } = {}) => ({
  accountId: 'a',
  key,
  route: '/placeorder',
  fingerprint: fields.fingerprint ?? 'f1',
  brokerTag: 'brokerTag' in fields ? fields.brokerTag : 'TAG1',
  createdAt: at,
  expiresAt: at + 1000,
});

describe('SqliteIdempotencyStore', () => {
  it('keeps the first claim of a live key and hands it back to later claims', () => {
    const [first] = store.idempotency.claim([row('k', 0)]);
    expect(first).toMatchObject({ inserted: true, record: { brokerTag: 'TAG1', answer: undefined } });
    const [second] = store.idempotency.claim([row('k', 10, { fingerprint: 'f2', brokerTag: 'TAG2' })]);
    expect(second).toMatchObject({ inserted: false, record: { fingerprint: 'f1', brokerTag: 'TAG1' } });
  });

  it('lets a claim take over an expired key, with a fresh tag and no old answer', () => {
    store.idempotency.claim([row('k', 0)]);
    store.idempotency.finish('a', 'k', { status: 'success', orderid: '1' });
    const [taken] = store.idempotency.claim([row('k', 1000, { fingerprint: 'f2', brokerTag: 'TAG2' })]);
    expect(taken).toMatchObject({
      inserted: true,
      record: { fingerprint: 'f2', brokerTag: 'TAG2', answer: undefined },
    });
  });

  it('releases only keys without an answer', () => {
    store.idempotency.claim([row('open', 0), row('done', 0, { brokerTag: 'TAG2' })]);
    store.idempotency.finish('a', 'done', { status: 'success' });
    store.idempotency.release('a', ['open', 'done']);
    expect(store.idempotency.lookup('a', 'open', 1)).toBeUndefined();
    expect(store.idempotency.lookup('a', 'done', 1)?.record?.answer).toEqual({ status: 'success' });
  });

  it('looks a key up through the journal row of its broker tag, and a bare tag too', () => {
    store.idempotency.claim([row('mine', 0)]);
    expect(store.idempotency.lookup('a', 'mine', 1)).toMatchObject({
      brokerTag: 'TAG1',
      journalState: undefined,
    });
    store.journal.begin(
      { accountId: 'a', clientOrderId: 'TAG1', venue: 'live', request: {}, at: 1 },
      { durable: false },
    );
    store.journal.settle('a', 'TAG1', { state: 'acknowledged', brokerOrderId: 'B1', outcome: {}, at: 2 });
    expect(store.idempotency.lookup('a', 'mine', 3)).toMatchObject({
      journalState: 'acknowledged',
      brokerOrderId: 'B1',
    });
    expect(store.idempotency.lookup('a', 'TAG1', 3)).toMatchObject({
      record: undefined,
      brokerOrderId: 'B1',
    });
    // Keys and tags belong to one account; an expired key is not found.
    expect(store.idempotency.lookup('b', 'mine', 3)).toBeUndefined();
    expect(store.idempotency.lookup('a', 'mine', 1000)?.record).toBeUndefined();
  });

  it('sweeps expired keys and only those', () => {
    store.idempotency.claim([row('old', 0), row('new', 500, { brokerTag: 'TAG2' })]);
    expect(store.idempotency.sweep(1000)).toBe(1);
    expect(store.idempotency.lookup('a', 'new', 1000)?.record?.key).toBe('new');
  });

  it('survives reopening the database', () => {
    store.idempotency.claim([row('k', 0)]);
    store.idempotency.finish('a', 'k', { status: 'success', orderid: '7' });
    const path = store.path;
    store.close();
    store = SqliteStore.open(path);
    expect(store.idempotency.lookup('a', 'k', 1)?.record?.answer).toEqual({
      status: 'success',
      orderid: '7',
    });
  });
});
