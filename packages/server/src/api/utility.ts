import { NotSupportedError } from '@openalgo/core';
import { defineEndpoint, type Endpoint } from './endpoint.js';
import { KeyOnlyRequest } from './schemas/accounts.js';
import {
  AnalyzerResponse,
  PingResponse,
  ToggleAnalyzerRequest,
  ToggleAnalyzerResponse,
} from './schemas/utility.js';

/** OpenAlgo §1.6: ping and the analyzer (per account here; OpenAlgo's flag is global). */

const KEY = '<your-64-hex-api-key>';

function analyzerData(on: boolean) {
  return { analyze_mode: on, mode: on ? 'analyze' : 'live', total_logs: 0 };
}

export const ping = defineEndpoint({
  method: 'POST',
  path: '/ping',
  group: 'Utility',
  summary: 'Check the key and the broker',
  rateClass: 'other',
  reportsMode: false,
  requires: [],
  request: KeyOnlyRequest,
  response: PingResponse,
  example: { apikey: KEY },
  async handle({ account }) {
    return { status: 'success', data: { message: 'pong', broker: account.broker } };
  },
});

export const analyzer = defineEndpoint({
  method: 'POST',
  path: '/analyzer',
  group: 'Utility',
  summary: "The account's analyzer mode",
  rateClass: 'other',
  reportsMode: false,
  requires: [],
  request: KeyOnlyRequest,
  response: AnalyzerResponse,
  example: { apikey: KEY },
  async handle({ account }) {
    return { status: 'success', data: analyzerData(account.analyzeMode) };
  },
});

export const toggleAnalyzer = defineEndpoint({
  method: 'POST',
  path: '/analyzer/toggle',
  group: 'Utility',
  summary: 'Switch the account between live and analyzer mode',
  description:
    'Per account (OpenAlgo switches the whole install). Analyzer mode simulates execution in the sandbox priced by the live broker data. 501 when the server cannot switch modes.',
  rateClass: 'other',
  reportsMode: false,
  requires: [],
  request: ToggleAnalyzerRequest,
  response: ToggleAnalyzerResponse,
  example: { apikey: KEY, mode: true },
  async handle({ input, account, resolver }) {
    if (typeof resolver.setAnalyzeMode !== 'function') {
      throw new NotSupportedError(
        'This server cannot switch analyzer mode (the account registry does not offer it)',
      );
    }
    await resolver.setAnalyzeMode(account.accountId, input.mode);
    return {
      status: 'success',
      data: analyzerData(input.mode),
      message: `Analyzer mode switched to ${input.mode ? 'analyze' : 'live'}`,
    };
  },
});

export const UTILITY_ENDPOINTS: readonly Endpoint[] = [ping, analyzer, toggleAnalyzer];
