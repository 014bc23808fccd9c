import { z } from 'zod';
import { parseRate } from '../../platform/money.js';

const code = z
  .string()
  .trim()
  .transform((v) => v.slice(0, 3).toUpperCase())
  .refine((v) => Intl.supportedValuesOf('currency').includes(v), 'validation.currency');

/** A rate as typed, "92,5034": base-currency units for one unit of the currency. */
const rate = z
  .string({ message: 'validation.required' })
  .trim()
  .min(1, 'validation.required')
  .transform((v, c) => {
    const parsed = parseRate(v);
    if (parsed === null) c.addIssue({ code: 'custom', message: 'validation.rate' });
    return parsed ?? '';
  });

export const addCurrencyForm = z.object({ code, rate });
export const rateForm = z.object({ rate });
