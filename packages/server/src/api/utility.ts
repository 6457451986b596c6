import { NotSupportedError } from '@openalgo/core';
import { type Endpoint, endpointGroup } from './endpoint.js';
import { KeyOnlyRequest } from './schemas/accounts.js';
import {
  AnalyzerResponse,
  PingResponse,
  ToggleAnalyzerRequest,
  ToggleAnalyzerResponse,
} from './schemas/utility.js';

/** OpenAlgo's ping and analyzer (per account here; OpenAlgo's flag is global). */

const define = endpointGroup('Utility');

function analyzerData(on: boolean) {
  return { analyze_mode: on, mode: on ? ('analyze' as const) : ('live' as const), total_logs: 0 };
}

export const ping = define({
  path: '/ping',
  summary: 'Check the key and the broker',
  request: KeyOnlyRequest,
  response: PingResponse,
  async handle({ account, reply }) {
    return reply({ status: 'success', data: { message: 'pong', broker: account.broker } });
  },
});

export const analyzer = define({
  path: '/analyzer',
  summary: "The account's analyzer mode",
  request: KeyOnlyRequest,
  response: AnalyzerResponse,
  async handle({ account, reply }) {
    return reply({ status: 'success', data: analyzerData(account.analyzeMode) });
  },
});

export const toggleAnalyzer = define({
  path: '/analyzer/toggle',
  summary: 'Switch the account between live and analyzer mode',
  description:
    'Per account (OpenAlgo switches the whole install). Analyzer mode simulates execution in the sandbox priced by the live broker data. 501 when the server cannot switch modes.',
  request: ToggleAnalyzerRequest,
  response: ToggleAnalyzerResponse,
  example: { mode: true },
  async handle({ input, account, resolver, reply }) {
    if (typeof resolver.setAnalyzeMode !== 'function') {
      throw new NotSupportedError(
        'This server cannot switch analyzer mode (the account registry does not offer it)',
      );
    }
    await resolver.setAnalyzeMode(account.accountId, input.mode);
    return reply({
      status: 'success',
      data: analyzerData(input.mode),
      message: `Analyzer mode switched to ${input.mode ? 'analyze' : 'live'}`,
    });
  },
});

export const UTILITY_ENDPOINTS: readonly Endpoint[] = [ping, analyzer, toggleAnalyzer];
