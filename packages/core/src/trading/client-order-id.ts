import { randomBytes } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** Bytes at or above this would make some characters likelier than others (256 is not a multiple of 62). */
const UNBIASED_LIMIT = 256 - (256 % ALPHABET.length);
export const CLIENT_ORDER_ID_LENGTH = 16;

/**
 * A fresh client order id: 16 letters/digits (~95 bits) from the OS CSPRNG. It fits every supported
 * broker's tag field (ClientOrderIdSchema) and is unguessable, so two processes never collide and
 * reconciliation by tag finds exactly the order this process placed.
 */
export function newClientOrderId(): string {
  let id = '';
  while (id.length < CLIENT_ORDER_ID_LENGTH) {
    for (const byte of randomBytes(CLIENT_ORDER_ID_LENGTH * 2)) {
      if (byte >= UNBIASED_LIMIT) continue;
      id += ALPHABET[byte % ALPHABET.length];
      if (id.length === CLIENT_ORDER_ID_LENGTH) break;
    }
  }
  return id;
}
