import { z } from 'zod';
import { fields } from '../../platform/forms.js';
import { createsKinds, fieldTypes, type FormField } from './fields.js';

/**
 * The form builder's post. Fields arrive as fields[i][target|type|label|placeholder|required|options|value|sort];
 * rows without a target are the empty rows offered for adding one and are dropped. A list's options are
 * typed one per line. Rules that look at several parts (targets of the chosen mode, required custom
 * fields, the consent's policy) are the service's.
 */
const color = z
  .string()
  .trim()
  .regex(/^#[0-9a-fA-F]{6}$/, 'validation.color')
  .transform((v) => v.toLowerCase());

const url = z
  .string()
  .trim()
  .max(2000, 'validation.tooLong')
  .optional()
  .transform((v) => (v ? v : null))
  .pipe(z.url({ protocol: /^https?$/, message: 'validation.url' }).nullable());

const row = z.object({
  target: z.string().trim().max(100).catch(''),
  type: z.enum(fieldTypes).catch('text'),
  label: z.string().trim().max(200, 'validation.tooLong').catch(''),
  placeholder: fields.optionalText(200),
  required: fields.checkbox(),
  options: z
    .string()
    .max(10_000, 'validation.tooLong')
    .optional()
    .transform((v) => [...new Set((v ?? '').split(/\r?\n/).map((o) => o.trim()).filter(Boolean))].map((o) => o.slice(0, 200))),
  value: fields.optionalText(500),
  sort: z.coerce.number().int().catch(0),
});

const rows = z
  .union([z.array(z.unknown()), z.record(z.string(), z.unknown())])
  .optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : Object.values(v)))
  .pipe(z.array(row))
  .transform((list): FormField[] =>
    list
      .map((r, i) => ({ ...r, i }))
      .filter((r) => r.target !== '')
      .sort((a, b) => a.sort - b.sort || a.i - b.i)
      .map(({ target, type, label, placeholder, required, options, value }) => ({ target, type, label, placeholder, required: type === 'hidden' ? false : required, options, value: type === 'hidden' ? value : null })),
  );

export const builderForm = z.object({
  name: fields.requiredText(100),
  title: fields.requiredText(200),
  description: fields.optionalText(2000),
  locale: z.enum(['ru', 'en']).catch('ru'),
  buttonText: fields.requiredText(60),
  accentColor: color,
  backgroundColor: color,
  textColor: color,
  consent: fields.checkbox(),
  consentLabel: fields.optionalText(500),
  policyText: fields.optionalText(20_000),
  policyUrl: url,
  creates: z.enum(createsKinds).catch('lead'),
  pipelineId: fields.optionalId(),
  sourceId: fields.optionalId(),
  responsibleMode: z.enum(['one', 'rotation']).catch('one'),
  responsibleIds: fields.idList(),
  afterSubmit: z.enum(['message', 'redirect']).catch('message'),
  successText: fields.optionalText(2000),
  redirectUrl: url,
  transfer: z.enum(['auto', 'manual']).catch('auto'),
  active: fields.checkbox(),
  fields: rows,
});

export type BuilderInput = z.infer<typeof builderForm>;

/** A moderation decision on several waiting submissions at once. */
export const decisionForm = z.object({ ids: fields.idList(), action: z.enum(['send', 'delete']) });
