import { z } from 'zod';
import { fields } from '../../platform/forms.js';
import { parseMoney } from '../../platform/money.js';
import { commsField } from '../../platform/records/communications.js';
import { customInput, withCustom } from '../../platform/records/custom/index.js';


export const leadForm = withCustom(
  z.object({
    title: fields.requiredText(200),
    lastName: fields.optionalText(100),
    firstName: fields.optionalText(100),
    middleName: fields.optionalText(100),
    companyTitle: fields.optionalText(200),
    position: fields.optionalText(200),
    statusId: z.coerce.number({ message: 'validation.required' }).int().positive('validation.required'),
    sourceId: fields.optionalId(),
    amount: z.string().trim().max(30).catch(''),
    currency: z
      .string()
      .trim()
      .transform((v) => v.slice(0, 3).toUpperCase())
      .refine((v) => Intl.supportedValuesOf('currency').includes(v), 'validation.currency'),
    responsibleId: z.coerce.number({ message: 'validation.required' }).int().positive('validation.required'),
    everyone: fields.checkbox(),
    comments: fields.optionalText(5000),
    comms: commsField,
    custom: customInput,
  }),
).superRefine((v, check) => {
    const minor = v.amount === '' ? 0 : parseMoney(v.amount, v.currency);
    if (minor === null || minor < 0) check.addIssue({ code: 'custom', path: ['amount'], message: 'validation.money' });
  });

export type LeadInput = z.infer<typeof leadForm>;

export const statusForm = z.object({ statusId: z.coerce.number().int().positive() });
export const quickAddForm = z.object({ title: fields.requiredText(200), statusId: z.coerce.number().int().positive() });

/** What the user chose in the conversion panel. "link:<id>" reuses an existing record instead of creating one. */
const target = z
  .string()
  .optional()
  .transform((v) => {
    if (!v || v === 'none') return { kind: 'none' as const };
    if (v === 'new') return { kind: 'new' as const };
    const m = /^link:(\d+)$/.exec(v);
    return m ? { kind: 'link' as const, id: Number(m[1]) } : { kind: 'none' as const };
  });

export const convertForm = z.object({
  contact: target,
  company: target,
  deal: fields.checkbox(),
  stageId: z.coerce.number().int().positive().optional().catch(undefined),
});

export type ConvertInput = z.infer<typeof convertForm>;

export function leadName(l: { lastName: string | null; firstName: string | null; middleName: string | null }): string {
  return [l.lastName, l.firstName, l.middleName].filter(Boolean).join(' ');
}
