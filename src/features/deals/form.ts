import { z } from 'zod';
import { fields } from '../../platform/forms.js';
import { parseMoney } from '../../platform/money.js';


/**
 * The amount stays text here: it becomes minor units in the service, which knows the currency. The
 * pipeline is the stage's: choosing a stage of another pipeline moves the deal there.
 */
export const dealForm = z.object({
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
});

export type DealInput = z.infer<typeof dealForm>;

/** The whole deal form: the amount is checked against the chosen currency's minor units. */
export const dealFormChecked = dealForm.superRefine((v, check) => {
  const minor = v.amount === '' ? 0 : parseMoney(v.amount, v.currency);
  if (minor === null || minor < 0) check.addIssue({ code: 'custom', path: ['amount'], message: 'validation.money' });
});

export const quickAddForm = z.object({ title: fields.requiredText(200), stageId: z.coerce.number().int().positive() });
export const moveForm = z.object({ stageId: z.coerce.number().int().positive() });

/** The bulk bar of the deal list: the selected ids, the action and its one parameter. */
export const bulkForm = z
  .object({
    ids: fields.idList(),
    action: z.enum(['assign', 'stage', 'delete'], { message: 'validation.required' }),
    responsibleId: fields.optionalId(),
    stageId: fields.optionalId(),
    back: z.string().optional(),
  })
  .refine((v) => v.ids.length > 0, { path: ['ids'], message: 'validation.selectFirst' })
  .refine((v) => v.action !== 'assign' || v.responsibleId !== null, { path: ['responsibleId'], message: 'validation.required' })
  .refine((v) => v.action !== 'stage' || v.stageId !== null, { path: ['stageId'], message: 'validation.required' });

export const sortable = ['title', 'createdAt', 'amountMinor'] as const;

export const listQuery = z.object({
  q: z.string().trim().max(100).catch(''),
  pipeline: z.coerce.number().int().positive().optional().catch(undefined),
  sort: z.enum(sortable).catch('createdAt'),
  dir: z.enum(['asc', 'desc']).catch('desc'),
  after: z.string().optional().catch(undefined),
});
