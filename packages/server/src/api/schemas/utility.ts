import { z } from 'zod';
import { fields as f } from './common.js';
import { body, bool } from './fields.js';

/** Request and response schemas of OpenAlgo's utility endpoints (§1.6). */

export const ToggleAnalyzerRequest = body({
  apikey: f.apikey(),
  mode: bool('true: analyzer (simulated execution on live data); false: live'),
});

const success = z.literal('success');
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
