import { z } from 'zod';
import { fields } from '../../platform/forms.js';
import { parseMoney } from '../../platform/money.js';

const day = fields.day();

/** A quote's or invoice's header; its rows are edited in the rows editor. */
export const documentForm = z.object({
  contactId: fields.optionalId(),
  companyId: fields.optionalId(),
  currency: z
    .string()
    .trim()
    .transform((v) => v.slice(0, 3).toUpperCase())
    .refine((v) => Intl.supportedValuesOf('currency').includes(v), 'validation.currency'),
  issuedOn: day,
  dueOn: fields.optionalDay(),
  language: z.enum(['ru', 'en'], { message: 'validation.invalid' }),
  layout: z.enum(['ru', 'intl'], { message: 'validation.invalid' }),
  notes: fields.optionalText(2000),
  responsibleId: z.coerce.number({ message: 'validation.required' }).int().positive('validation.required'),
});

export type DocumentInput = z.infer<typeof documentForm>;

export const statusForm = z.object({ status: z.string().trim().max(20) });

/** A payment: its day and amount (in the invoice's currency, checked by the service, which knows it). */
export const paymentForm = z.object({
  paidOn: day,
  amount: z.string({ message: 'validation.required' }).trim().min(1, 'validation.required').max(30, 'validation.money'),
  note: fields.optionalText(300),
});

export type PaymentInput = z.infer<typeof paymentForm>;

export function paymentMinor(input: PaymentInput, currency: string): number | null {
  const minor = parseMoney(input.amount, currency);
  return minor === null || minor <= 0 ? null : minor;
}
