import { randomFillSync } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** Bytes at or above this would make some characters likelier than others (256 is not a multiple of 62). */
const UNBIASED_LIMIT = 256 - (256 % ALPHABET.length);
export const CLIENT_ORDER_ID_LENGTH = 16;
/** One refill serves ~250 ids (16 characters at 248/256 acceptance each). */
export const CLIENT_ORDER_ID_POOL_BYTES = 4096;

export interface ClientOrderIdGeneratorOptions {
  /** Size of the random pool; defaults to CLIENT_ORDER_ID_POOL_BYTES. */
  poolBytes?: number;
  /** Fills the pool with random bytes; the OS CSPRNG (`crypto.randomFillSync`) unless a test swaps it. */
  fill?: (pool: Uint8Array) => void;
}

/**
 * A client order id generator drawing from a pool of CSPRNG bytes. Asking the OS for bytes on
 * every id is a synchronous call that dominated the id's cost on the order path; one refill now
 * serves a few hundred ids. Bytes that would bias the alphabet are skipped (rejection sampling),
 * and each byte is zeroed once used, so the pool never holds the randomness of ids already issued.
 */
export function createClientOrderIdGenerator(options: ClientOrderIdGeneratorOptions = {}): () => string {
  const poolBytes = options.poolBytes ?? CLIENT_ORDER_ID_POOL_BYTES;
  if (!Number.isInteger(poolBytes) || poolBytes < 1) {
    throw new RangeError(`poolBytes must be a positive whole number, got ${poolBytes}`);
  }
  const fill = options.fill ?? randomFillSync;
  const pool = new Uint8Array(poolBytes);
  // Empty until the first id: nothing is drawn from the OS at import time.
  let offset = poolBytes;
  return function nextClientOrderId(): string {
    let id = '';
    while (id.length < CLIENT_ORDER_ID_LENGTH) {
      if (offset === poolBytes) {
        fill(pool);
        offset = 0;
      }
      const byte = pool[offset] as number;
      pool[offset++] = 0;
      if (byte < UNBIASED_LIMIT) id += ALPHABET[byte % ALPHABET.length];
    }
    return id;
  };
}

/** The process-wide pool behind newClientOrderId. */
const pooledClientOrderId = createClientOrderIdGenerator();

/**
 * A fresh client order id: 16 letters/digits (~95 bits) from the OS CSPRNG. It fits every supported
 * broker's tag field (ClientOrderIdSchema) and is unguessable, so two processes never collide and
 * reconciliation by tag finds exactly the order this process placed.
 */
export function newClientOrderId(): string {
  return pooledClientOrderId();
}
