import { z } from 'zod';
import { apiKey, body, wire } from '../wire/fields.js';
import { success } from './shared.js';

/** Request and response schemas of OpenAlgo's utility endpoints. */

export const ToggleAnalyzerRequest = body({
  apikey: apiKey(),
  mode: wire(
    z.boolean({ error: 'must be true or false' }),
    'true: analyzer (simulated execution on live data); false: live',
  ),
});

const analyzerData = z.object({
  analyze_mode: z.boolean(),
  mode: z.enum(['analyze', 'live']),
  total_logs: z.number().meta({ description: 'Always 0: this server keeps no analyzer request log' }),
});

export const PingResponse = z.object({
  status: success,
  data: z.object({ message: z.literal('pong'), broker: z.string() }),
});
export const AnalyzerResponse = z.object({ status: success, data: analyzerData });
export const ToggleAnalyzerResponse = z.object({ status: success, data: analyzerData, message: z.string() });
