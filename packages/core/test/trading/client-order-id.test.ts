import { describe, expect, it } from 'vitest';
import { ClientOrderIdSchema } from '../../src/model/order.js';
import { CLIENT_ORDER_ID_LENGTH, newClientOrderId } from '../../src/trading/client-order-id.js';

describe('newClientOrderId', () => {
  it('makes 16-character alphanumeric ids that every broker tag field accepts', () => {
    for (let i = 0; i < 500; i++) {
      const id = newClientOrderId();
      expect(id).toMatch(/^[A-Za-z0-9]{16}$/);
      expect(ClientOrderIdSchema.safeParse(id).success).toBe(true);
    }
    expect(CLIENT_ORDER_ID_LENGTH).toBe(16);
  });

  it('does not repeat and uses the whole alphabet', () => {
    const ids = Array.from({ length: 2000 }, () => newClientOrderId());
    expect(new Set(ids).size).toBe(ids.length);
    const seen = new Set(ids.join(''));
    // 32 000 characters over 62 symbols: a missing symbol would mean a broken mapping.
    expect(seen.size).toBe(62);
  });
});
