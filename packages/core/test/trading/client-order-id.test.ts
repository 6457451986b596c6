import { randomFillSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ClientOrderIdSchema } from '../../src/model/order.js';
import {
  CLIENT_ORDER_ID_LENGTH,
  CLIENT_ORDER_ID_POOL_BYTES,
  createClientOrderIdGenerator,
  newClientOrderId,
} from '../../src/trading/client-order-id.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A fill that records every pool it was handed (a copy) and otherwise uses the real CSPRNG. */
function countingFill() {
  const fills: Uint8Array[] = [];
  return {
    fills,
    fill(pool: Uint8Array) {
      randomFillSync(pool);
      fills.push(pool.slice());
    },
  };
}

describe('newClientOrderId', () => {
  it('makes 16-character alphanumeric ids that every broker tag field accepts', () => {
    for (let i = 0; i < 500; i++) {
      const id = newClientOrderId();
      expect(id).toMatch(/^[A-Za-z0-9]{16}$/);
      expect(ClientOrderIdSchema.safeParse(id).success).toBe(true);
    }
    expect(CLIENT_ORDER_ID_LENGTH).toBe(16);
  });

  it('does not repeat over many ids (many refills of its pool) and uses the whole alphabet', () => {
    // 20 000 ids draw ~330 000 bytes: the 4 KiB pool is refilled about 80 times.
    const ids = Array.from({ length: 20_000 }, () => newClientOrderId());
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9]{16}$/);
    expect(new Set(ids.join('')).size).toBe(62);
  });

  it('spreads characters evenly (no modulo bias toward the first letters)', () => {
    const counts = new Map<string, number>();
    const ids = 10_000;
    for (let i = 0; i < ids; i++)
      for (const ch of newClientOrderId()) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    expect(counts.size).toBe(62);
    const expected = (ids * CLIENT_ORDER_ID_LENGTH) / 62;
    // ~2 580 per character (σ ≈ 2 %): a biased mapping (bytes 248–255 folded onto A–H) would
    // make those eight ~21 % likelier than the rest.
    for (const n of counts.values()) expect(Math.abs(n - expected) / expected).toBeLessThan(0.1);
  });
});

describe('createClientOrderIdGenerator', () => {
  it('draws from the pool and refills it only when it is used up', () => {
    const { fills, fill } = countingFill();
    const next = createClientOrderIdGenerator({ poolBytes: 64, fill });
    expect(fills).toHaveLength(0); // nothing is drawn before the first id
    next();
    expect(fills).toHaveLength(1);
    const seen = new Set<string>();
    for (let i = 0; i < 1_000; i++) seen.add(next());
    expect(seen.size).toBe(1_000);
    // 1 001 ids × 16 accepted bytes ≥ 16 016 bytes, ≤ 64 bytes per fill: at least 250 refills.
    expect(fills.length).toBeGreaterThanOrEqual(250);
    // ~16.5 bytes per id on average (8/256 rejected): ~258 refills, not one per id.
    expect(fills.length).toBeLessThanOrEqual(300);
  });

  it('maps accepted bytes onto the alphabet in order and skips the biased ones (248–255)', () => {
    // Each byte b < 248 maps to ALPHABET[b % 62]: 0 → A, 61 → 9, 62 → A, 247 → 9.
    const script = [248, 0, 255, 1, 61, 62, 123, 124, 247, 250, 185, 186, 2, 3, 4, 5, 6, 7, 249, 8];
    const next = createClientOrderIdGenerator({
      poolBytes: script.length,
      fill: (pool) => pool.set(script),
    });
    const expected = script
      .filter((b) => b < 248)
      .slice(0, CLIENT_ORDER_ID_LENGTH)
      .map((b) => ALPHABET[b % 62])
      .join('');
    expect(next()).toBe(expected);
    expect(expected).toBe('AB9A9A99ACDEFGHI');
  });

  it('keeps drawing across a refill when the pool runs out in the middle of an id', () => {
    let refills = 0;
    const next = createClientOrderIdGenerator({
      poolBytes: 5,
      fill: (pool) => {
        // Refill n gives bytes n*5 … n*5+4: the id is the concatenation of successive refills.
        pool.set(Array.from({ length: 5 }, (_, i) => (refills * 5 + i) % 248));
        refills++;
      },
    });
    expect(next()).toBe(ALPHABET.slice(0, 16));
    expect(refills).toBe(4);
    // The rest of the fourth fill (bytes 16–19) starts the next id.
    expect(next().slice(0, 4)).toBe(ALPHABET.slice(16, 20));
  });

  it('zeroes each byte once used, so the pool never holds an issued id', () => {
    let pool: Uint8Array | undefined;
    const next = createClientOrderIdGenerator({
      poolBytes: CLIENT_ORDER_ID_POOL_BYTES,
      fill: (p) => {
        pool = p;
        p.fill(7);
      },
    });
    expect(next()).toBe('H'.repeat(16));
    expect(pool?.subarray(0, 16).every((b) => b === 0)).toBe(true);
    expect(pool?.subarray(16).every((b) => b === 7)).toBe(true);
  });

  it('refuses a pool size that cannot hold a byte', () => {
    expect(() => createClientOrderIdGenerator({ poolBytes: 0 })).toThrow(RangeError);
    expect(() => createClientOrderIdGenerator({ poolBytes: 1.5 })).toThrow(RangeError);
  });
});
