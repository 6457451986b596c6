import { BrokerError, type Instrument } from '@openalgo/core';
import { HSM_INDEX_NAMES } from './hsm-index-names.js';

/**
 * Instrument → HSM topic. The fyToken (kept whole in the master's `token`) carries everything:
 * `fytoken[:4]` is the exchange+segment and `fytoken[10:]` the exchange token (§3.5), which is how
 * the SDKs build topics after their `/data/symbol-token` call. We read the fyToken from the master
 * the adapter already holds instead of calling `/data/symbol-token`: the stream then needs no REST
 * call (nor a rate-limit slot) on every subscribe and reconnect, and it keeps working while the REST
 * side is down — the master is the same source the symbol-token service answers from.
 */
export const HSM_SEGMENTS: ReadonlyMap<string, string> = new Map([
  ['1010', 'nse_cm'],
  ['1011', 'nse_fo'],
  ['1012', 'cde_fo'],
  ['1020', 'nse_com'],
  ['1120', 'mcx_fo'],
  ['1210', 'bse_cm'],
  ['1211', 'bse_fo'],
  ['1212', 'bcs_fo'],
]);

export interface InstrumentTopics {
  /** `sf|<seg>|<exchToken>` for scrips, `if|<seg>|<index name>` for indices. */
  quote: string;
  /** `dp|<seg>|<exchToken>`; indices have no depth. */
  depth: string | undefined;
  index: boolean;
}

export function isIndexInstrument(row: Instrument): boolean {
  return row.exchange.endsWith('_INDEX') || row.brsymbol.endsWith('-INDEX');
}

/** The index feed name: the SDK's table first, then the master's "Symbol Details" (the row's name). */
export function hsmIndexName(row: Instrument): string {
  return HSM_INDEX_NAMES.get(row.brsymbol) ?? row.name;
}

export function topicsFor(row: Instrument): InstrumentTopics {
  const fyToken = row.token;
  const segment = HSM_SEGMENTS.get(fyToken.slice(0, 4));
  const exchangeToken = fyToken.slice(10);
  if (!segment || exchangeToken.length === 0 || !/^\d+$/.test(fyToken)) {
    throw new BrokerError(
      `fyers: ${row.exchange}:${row.symbol} has fyToken "${fyToken}", which names no HSM segment; reload the instrument master`,
      { details: { symbol: row.symbol, exchange: row.exchange } },
    );
  }
  if (isIndexInstrument(row)) {
    const name = hsmIndexName(row);
    if (!name) {
      throw new BrokerError(`fyers: no HSM feed name is known for the index ${row.brsymbol}`, {
        details: { symbol: row.symbol, exchange: row.exchange },
      });
    }
    return { quote: `if|${segment}|${name}`, depth: undefined, index: true };
  }
  return { quote: `sf|${segment}|${exchangeToken}`, depth: `dp|${segment}|${exchangeToken}`, index: false };
}
