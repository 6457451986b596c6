import { describe, expect, test } from 'vitest';
import { freezeQuantity, UNKNOWN_FREEZE_QUANTITY } from '../../src/symbols/index.js';

describe('freezeQuantity', () => {
  test('a NIFTY option carries NSE’s index limit of 1,800 units', () => {
    expect(freezeQuantity({ exchange: 'NFO', name: 'NIFTY', symbol: 'NIFTY30JUN2624000CE' })).toBe(1800);
    expect(freezeQuantity({ exchange: 'NFO', name: 'BANKNIFTY', symbol: 'BANKNIFTY30JUN26FUT' })).toBe(600);
  });

  test('stock derivatives use NSE’s per-stock table, names with & and - included', () => {
    expect(freezeQuantity({ exchange: 'NFO', name: 'RELIANCE', symbol: 'RELIANCE30JUN261500CE' })).toBe(
      15000,
    );
    expect(freezeQuantity({ exchange: 'NFO', name: 'M&M', symbol: 'M&M30JUN26FUT' })).toBe(6000);
    expect(freezeQuantity({ exchange: 'NFO', name: 'BAJAJ-AUTO', symbol: 'BAJAJ-AUTO30JUN26FUT' })).toBe(
      3000,
    );
  });

  test('without a usable name the symbol’s longest underlying prefix decides', () => {
    expect(freezeQuantity({ exchange: 'NFO', name: '', symbol: 'NIFTYNXT5030JUN2670000PE' })).toBe(600);
    expect(freezeQuantity({ exchange: 'NFO', name: 'Nifty 50', symbol: 'NIFTY30JUN2624000CE' })).toBe(1800);
  });

  test('BSE index options use BSE’s limits', () => {
    expect(freezeQuantity({ exchange: 'BFO', name: 'SENSEX', symbol: 'SENSEX2661880000CE' })).toBe(1000);
    expect(freezeQuantity({ exchange: 'BFO', name: 'BANKEX', symbol: 'BANKEX26JUNFUT' })).toBe(900);
  });

  test('anything else is OpenAlgo’s unknown value, 1', () => {
    expect(UNKNOWN_FREEZE_QUANTITY).toBe(1);
    expect(freezeQuantity({ exchange: 'NSE', name: 'RELIANCE', symbol: 'RELIANCE' })).toBe(1);
    expect(freezeQuantity({ exchange: 'MCX', name: 'CRUDEOIL', symbol: 'CRUDEOIL19JUN26FUT' })).toBe(1);
    expect(freezeQuantity({ exchange: 'NFO', name: 'NOSUCHCO', symbol: 'NOSUCHCO30JUN26FUT' })).toBe(1);
    expect(freezeQuantity({ exchange: 'NFO', name: 'toString', symbol: 'toString' })).toBe(1);
  });
});
