import type { Instrument } from '../model/instrument.js';

/**
 * The two lookup tables of an instrument snapshot, (exchange, symbol) → row and (brexchange, token) →
 * row, as open-addressed tables of row positions in typed arrays, sized once for the whole master (at
 * most half full). A `Map` per exchange cost ~100 bytes a row in hash tables rebuilt as they double,
 * and filling them was the largest single cost of loading a 100k-row master (measured ~55 ms of a
 * ~190 ms Kite load); these cost 8–16 bytes a row, fill in a few milliseconds and make no garbage.
 * Each slot also keeps the key's hash, so a probe past a collision compares two integers, not strings,
 * and only a matching hash touches the row.
 */

function capacityFor(rows: number): number {
  let capacity = 4;
  while (capacity < rows * 2) capacity *= 2;
  return capacity;
}

/** FNV-1a over the text's UTF-16 units, seeded with a small number, finished by a shift-xor. */
function keyHash(seed: number, text: string): number {
  let h = Math.imul(seed, 0x9e3779b1) ^ 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h ^ (h >>> 15);
}

/** Slot storage shared by both tables: positions + 1 (0 = empty) and each entry's hash. */
class Slots {
  readonly positions: Int32Array;
  readonly hashes: Int32Array;
  readonly mask: number;

  constructor(rows: number) {
    const capacity = capacityFor(rows);
    this.positions = new Int32Array(capacity);
    this.hashes = new Int32Array(capacity);
    this.mask = capacity - 1;
  }
}

/**
 * (exchange slot, symbol) → row. The exchange is given by its slot (`exchangeSlot`), so a key costs no
 * composite string; a row matches when its hash, symbol and exchange all do.
 */
export class SymbolTable {
  private readonly slots: Slots;

  constructor(
    private rows: readonly Instrument[],
    capacity: number,
  ) {
    this.slots = new Slots(capacity);
  }

  get(exchangeSlot: number, exchange: string, symbol: string): Instrument | undefined {
    const { positions, hashes, mask } = this.slots;
    const hash = keyHash(exchangeSlot + 1, symbol);
    for (let at = hash & mask; ; at = (at + 1) & mask) {
      const entry = positions[at] as number;
      if (entry === 0) return undefined;
      if (hashes[at] !== hash) continue;
      const row = this.rows[entry - 1] as Instrument;
      if (row.symbol === symbol && row.exchange === exchange) return row;
    }
  }

  /** Reads positions in `rows` from now on (the kept rows, once a build starts dropping some). */
  over(rows: readonly Instrument[]): this {
    this.rows = rows;
    return this;
  }

  /** Records `position` for (exchange, symbol) unless taken; false when it was (a duplicate). */
  add(position: number, exchangeSlot: number, exchange: string, symbol: string): boolean {
    const { positions, hashes, mask } = this.slots;
    const hash = keyHash(exchangeSlot + 1, symbol);
    let at = hash & mask;
    for (let entry = positions[at] as number; entry !== 0; entry = positions[at] as number) {
      if (hashes[at] === hash) {
        const row = this.rows[entry - 1] as Instrument;
        if (row.symbol === symbol && row.exchange === exchange) return false;
      }
      at = (at + 1) & mask;
    }
    positions[at] = position + 1;
    hashes[at] = hash;
    return true;
  }
}

/**
 * (brexchange, token) → row. Brexchanges are numbered as first seen; a token is only looked up when a
 * broker payload names one (ticks, order updates), where one string hash is cheap.
 */
export class TokenTable {
  private readonly exchangeIds = new Map<string, number>();
  private readonly slots: Slots;

  constructor(
    private rows: readonly Instrument[],
    capacity: number,
  ) {
    this.slots = new Slots(capacity);
  }

  get(brexchange: string, token: string): Instrument | undefined {
    const id = this.exchangeIds.get(brexchange);
    if (id === undefined) return undefined;
    const { positions, hashes, mask } = this.slots;
    const hash = keyHash(id, token);
    for (let at = hash & mask; ; at = (at + 1) & mask) {
      const entry = positions[at] as number;
      if (entry === 0) return undefined;
      if (hashes[at] !== hash) continue;
      const row = this.rows[entry - 1] as Instrument;
      if (row.token === token && row.brexchange === brexchange) return row;
    }
  }

  over(rows: readonly Instrument[]): this {
    this.rows = rows;
    return this;
  }

  /** Records `rows[position]` under its (brexchange, token) unless taken; false when it was. */
  add(position: number, brexchange: string, token: string): boolean {
    let id = this.exchangeIds.get(brexchange);
    if (id === undefined) {
      id = this.exchangeIds.size + 1;
      this.exchangeIds.set(brexchange, id);
    }
    const { positions, hashes, mask } = this.slots;
    const hash = keyHash(id, token);
    let at = hash & mask;
    for (let entry = positions[at] as number; entry !== 0; entry = positions[at] as number) {
      if (hashes[at] === hash) {
        const row = this.rows[entry - 1] as Instrument;
        if (row.token === token && row.brexchange === brexchange) return false;
      }
      at = (at + 1) & mask;
    }
    positions[at] = position + 1;
    hashes[at] = hash;
    return true;
  }
}
