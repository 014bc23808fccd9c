import { z } from 'zod';
import { fields } from '../../platform/forms.js';
import { parseMoney } from '../../platform/money.js';
import { customInput, withCustom } from '../../platform/records/custom/index.js';


/**
 * The amount stays text here: it becomes minor units in the service, which knows the currency. The
 * pipeline is the stage's: choosing a stage of another pipeline moves the deal there.
 */
export const dealForm = withCustom(z.object({
  title: fields.requiredText(200),
  stageId: z.coerce.number({ message: 'validation.required' }).int().positive('validation.required'),
  amount: z.string().trim().max(30).catch(''),
  currency: z
    .string()
    .trim()
    .transform((v) => v.slice(0, 3).toUpperCase())
    .refine((v) => Intl.supportedValuesOf('currency').includes(v), 'validation.currency'),
  probability: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? Number(v) : null))
    .pipe(z.number().int('validation.percent').min(0, 'validation.percent').max(100, 'validation.percent').nullable()),
  typeId: fields.optionalId(),
  sourceId: fields.optionalId(),
  expectedClose: fields.optionalDay(),
  contactId: fields.optionalId(),
  companyId: fields.optionalId(),
  responsibleId: z.coerce.number({ message: 'validation.required' }).int().positive('validation.required'),
  everyone: fields.checkbox(),
  comments: fields.optionalText(5000),
  custom: customInput,
}));

export type DealInput = z.infer<typeof dealForm>;

/** The whole deal form: the amount is checked against the chosen currency's minor units. */
export const dealFormChecked = dealForm.superRefine((v, check) => {
  const minor = v.amount === '' ? 0 : parseMoney(v.amount, v.currency);
  if (minor === null || minor < 0) check.addIssue({ code: 'custom', path: ['amount'], message: 'validation.money' });
});

export const quickAddForm = z.object({ title: fields.requiredText(200), stageId: z.coerce.number().int().positive() });
export const moveForm = z.object({ stageId: z.coerce.number().int().positive() });

/** The board's filter bar: whose deals, and text the search index should find in them. Anything unreadable is no filter. */
export const boardFilter = z.object({
  responsible: z.coerce.number().int().positive().optional().catch(undefined),
  q: z.string().trim().max(200).optional().catch(undefined).transform((v) => v || undefined),
});

export type BoardFilter = z.infer<typeof boardFilter>;
