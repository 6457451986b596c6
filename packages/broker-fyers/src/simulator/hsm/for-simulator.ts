import type { MarketSnapshot } from '@openalgo/sandbox';
import { HSM_INDEX_NAMES } from '../../stream/hsm-index-names.js';
import type { FyersRouteContext } from '../context.js';
import { SEGMENTS } from '../fyers-symbols.js';
import type { FyersInstrument } from '../master.js';
import type { AttachHsmSocketOptions, HsmFeedInstrument } from './hsm-server.js';

/**
 * The HSM server's callbacks over the simulator's account (master, sessions, sandbox market), for the
 * composition to spread into `attachHsmSocket({ server, path: HSM_PATH, logger, ...hsmCallbacks(ctx) })`.
 * Only master rows the sandbox prices stream (filler rows are listed, never priced).
 */
export function hsmCallbacks(
  ctx: Pick<FyersRouteContext, 'master' | 'sessions' | 'market'>,
): Pick<AttachHsmSocketOptions, 'isValidHsmKey' | 'resolveTopic' | 'snapshot' | 'watch'> {
  let byTopic: Map<string, HsmFeedInstrument> | undefined;
  const sandboxOf = new Map<string, FyersInstrument>();
  // Built on the first subscribe: the master has 100k+ rows and most simulators never stream.
  const table = () => {
    if (byTopic) return byTopic;
    byTopic = new Map();
    for (const row of ctx.master.rows) {
      if (!row.sandbox) continue;
      const segment = SEGMENTS[row.file].hsmSegment;
      const index = row.kind === 'index';
      // An index topic carries its feed name: the JS SDK's table, else "Symbol Details" (§3.9).
      const key = index ? (HSM_INDEX_NAMES.get(row.ticker) ?? row.details) : String(row.exchangeToken);
      const feed: HsmFeedInstrument = {
        fyToken: row.fyToken,
        ticker: row.ticker,
        segment,
        exchangeToken: key,
        index,
        precision: segment === 'cde_fo' || segment === 'bcs_fo' ? 4 : 2,
      };
      byTopic.set(`${index ? 'if' : 'sf'}|${segment}|${key}`, feed);
      sandboxOf.set(row.ticker, row);
    }
    return byTopic;
  };
  const ref = (feed: HsmFeedInstrument) => {
    const sandbox = sandboxOf.get(feed.ticker)?.sandbox;
    return sandbox ? { symbol: sandbox.symbol, exchange: sandbox.exchange } : undefined;
  };
  return {
    isValidHsmKey: (key) => ctx.sessions.isLiveHsmKey(key),
    resolveTopic: (kind, segment, key) => {
      // Depth exists for scrips only; an index has no `dp|` topic.
      const feed = table().get(`${kind === 'dp' ? 'sf' : kind}|${segment}|${key}`);
      return feed && (kind !== 'dp' || !feed.index) ? feed : undefined;
    },
    snapshot: (feed): MarketSnapshot | undefined => {
      const r = ref(feed);
      return r ? ctx.market.snapshotSync(r) : undefined;
    },
    watch: (feed, listener) => {
      const r = ref(feed);
      return r ? ctx.market.watch([r], listener) : () => {};
    },
  };
}
