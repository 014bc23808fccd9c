import { z } from 'zod';
import { fields } from '../../platform/forms.js';
import { templateProblem } from '../documents/numbering.js';

/** Digits only, of one of the given lengths, when filled in (spaces typed between groups are dropped). */
const digits = (lengths: number[], message: string) =>
  z
    .string()
    .optional()
    .transform((v) => (v ?? '').replace(/\s/g, ''))
    .refine((v) => v === '' || (/^\d+$/.test(v) && lengths.includes(v.length)), message)
    .transform((v) => v || null);

const template = z
  .string({ message: 'validation.required' })
  .trim()
  .min(1, 'validation.required')
  .max(40, 'validation.tooLong')
  .superRefine((v, c) => {
    const problem = templateProblem(v);
    if (problem) c.addIssue({ code: 'custom', message: problem });
  });

/**
 * The seller's requisites. Russian ones are checked for their lengths (ИНН 10 or 12 digits, КПП 9,
 * ОГРН 13 or ОГРНИП 15, БИК 9, accounts 20); the equivalents elsewhere (VAT id, IBAN, SWIFT) are text.
 */
export const sellerForm = z.object({
  legalName: fields.optionalText(300),
  inn: digits([10, 12], 'validation.inn'),
  kpp: digits([9], 'validation.kpp'),
  ogrn: digits([13, 15], 'validation.ogrn'),
  vatId: fields.optionalText(40),
  legalAddress: fields.optionalText(500),
  address: fields.optionalText(500),
  phone: fields.optionalText(100),
  email: fields.optionalText(200),
  bankName: fields.optionalText(300),
  bik: digits([9], 'validation.bik'),
  corrAccount: digits([20], 'validation.account'),
  account: digits([20], 'validation.account'),
  swift: fields.optionalText(20),
  iban: fields.optionalText(40),
  bankAddress: fields.optionalText(500),
  director: fields.optionalText(200),
  accountant: fields.optionalText(200),
  paymentDetails: fields.optionalText(2000),
  quoteTemplate: template,
  invoiceTemplate: template,
  dueDays: z.coerce.number({ message: 'validation.wholeNumber' }).int('validation.wholeNumber').min(0, 'validation.wholeNumber').max(365, 'validation.wholeNumber'),
});

export type SellerInput = z.infer<typeof sellerForm>;

/** A way to pay: bank transfer (its details) or a payment link, which must be a web address. */
export const paymentMethodForm = z
  .object({
    kind: z.enum(['bank', 'link'], { message: 'validation.invalid' }),
    name: fields.requiredText(100),
    url: fields.optionalText(500),
    details: fields.optionalText(1000),
    active: fields.checkbox(),
  })
  .superRefine((v, c) => {
    if (v.kind === 'link' && !(v.url && /^https?:\/\/[^\s]+$/i.test(v.url))) c.addIssue({ code: 'custom', path: ['url'], message: 'validation.url' });
  });

export type PaymentMethodInput = z.infer<typeof paymentMethodForm>;
