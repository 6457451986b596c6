import { istParts, MARKET_CALENDAR } from '@openalgo/core';
import { type Endpoint, endpointGroup } from './endpoint.js';
import { HolidaysRequest, HolidaysResponse, TimingsRequest, TimingsResponse } from './schemas/calendar.js';

/**
 * OpenAlgo's market calendar, answered from core's published exchange calendar (no broker call):
 * the same for every account and broker.
 */

const define = endpointGroup('Market calendar');

export const holidays = define({
  path: '/market/holidays',
  summary: 'Exchange holidays and special sessions of a year',
  description:
    "NSE, BSE, MCX and currency holidays with the exchanges closed and those trading a special window (MCX's evening session, Muhurat trading). Published data covers 2025 and 2026; any other year answers an empty list with a `message` saying only weekends are known.",
  request: HolidaysRequest,
  response: HolidaysResponse,
  example: { year: 2026 },
  async handle({ input, clock, reply }) {
    const year = input.year ?? istParts(clock.now()).year;
    const known = MARKET_CALENDAR.hasPublishedHolidays(year);
    return reply({
      status: 'success',
      year,
      timezone: 'Asia/Kolkata',
      data: MARKET_CALENDAR.holidays(year),
      ...(known
        ? {}
        : {
            message: `No published exchange holidays for ${year} in this server's calendar: only weekends are treated as closed`,
          }),
    });
  },
});

export const timings = define({
  path: '/market/timings',
  summary: 'Trading windows of each exchange on a day',
  description:
    "Epoch milliseconds. Normal days: NSE/BSE/NFO/BFO 09:15–15:30, CDS/BCD 09:00–17:00, MCX 09:00–23:55 IST (OpenAlgo's defaults). Holidays leave closed exchanges out; special sessions give their own window; weekends are empty unless a special session falls on them.",
  request: TimingsRequest,
  response: TimingsResponse,
  example: { date: '2026-01-05' },
  async handle({ input, reply }) {
    return reply({ status: 'success', data: MARKET_CALENDAR.timings(input.date) });
  },
});

export const CALENDAR_ENDPOINTS: readonly Endpoint[] = [holidays, timings];
