import { type Clock, InstrumentIndex, NotSupportedError, type OptionMarket } from '@openalgo/core';
import type { AccountContext } from '../accounts/types.js';

/**
 * What core's option helpers need from an account: its instrument master, quotes from its data adapter
 * (the live broker, even in analyzer mode) and the server's clock. Shared by the options analytics and
 * the options order endpoints.
 */
export function optionMarketOf(account: AccountContext, clock: Clock): OptionMarket {
  const index = account.instruments;
  if (!(index instanceof InstrumentIndex)) {
    throw new NotSupportedError(
      "This account's instrument master cannot list option strikes: it is not an InstrumentIndex",
    );
  }
  return {
    index,
    quotes: (refs) => account.dataAdapter.getQuotes(refs),
    now: () => clock.now(),
  };
}
