import { CALENDAR_EXCHANGES, HOLIDAY_TYPES } from '@openalgo/core';
import { z } from 'zod';
import { apiKey, body, wire } from '../wire/fields.js';
import { success } from './shared.js';

/** Request and response schemas of OpenAlgo's market calendar endpoints. */

const FIRST_YEAR = 2020;
const LAST_YEAR = 2050;

export const HolidaysRequest = body({
  apikey: apiKey(),
  year: wire(
    z
      .number({ error: 'must be a number' })
      .int({ error: 'must be a whole number' })
      .min(FIRST_YEAR, { error: `must be between ${FIRST_YEAR} and ${LAST_YEAR}` })
      .max(LAST_YEAR, { error: `must be between ${FIRST_YEAR} and ${LAST_YEAR}` })
      .optional(),
    `Calendar year, ${FIRST_YEAR} to ${LAST_YEAR} (the current year in IST when omitted)`,
  ),
});

export const TimingsRequest = body({
  apikey: apiKey(),
  date: wire(
    z.iso
      .date({ error: 'must be a date as YYYY-MM-DD' })
      .refine((d) => d >= `${FIRST_YEAR}-01-01` && d <= `${LAST_YEAR}-12-31`, {
        error: `must be between ${FIRST_YEAR}-01-01 and ${LAST_YEAR}-12-31`,
      }),
    'Day, YYYY-MM-DD (IST)',
  ),
});

const exchange = z.enum(CALENDAR_EXCHANGES);
const epochMs = z.number().meta({ description: 'Epoch milliseconds' });
const session = z.object({ exchange, start_time: epochMs, end_time: epochMs });

export const HolidaysResponse = z.object({
  status: success,
  year: z.number(),
  timezone: z.literal('Asia/Kolkata'),
  data: z.array(
    z.object({
      date: z.string().meta({ description: 'YYYY-MM-DD (IST)' }),
      description: z.string(),
      holiday_type: z.enum(HOLIDAY_TYPES),
      closed_exchanges: z.array(exchange),
      open_exchanges: z
        .array(session)
        .meta({ description: 'Exchanges trading only in a special window that day (MCX evening, Muhurat)' }),
    }),
  ),
  message: z.string().optional().meta({
    description:
      'Present when the exchanges have not published the year’s holidays in our data: only weekends are closed then (an addition to OpenAlgo’s shape)',
  }),
});

export const TimingsResponse = z.object({
  status: success,
  data: z
    .array(session)
    .meta({ description: 'Exchanges trading that day with their window; closed exchanges are absent' }),
});
