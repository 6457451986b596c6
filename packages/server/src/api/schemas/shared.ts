import { z } from 'zod';

/** Response pieces several endpoints share. */

export const success = z.literal('success');

/** Present while the account is in analyzer mode; an endpoint whose schema has it reports it. */
export const mode = z
  .literal('analyze')
  .optional()
  .meta({ description: 'Present while the account is in analyzer mode' });
