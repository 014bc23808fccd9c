import { z } from 'zod';
import { fields } from '../../platform/forms.js';
import { boundEntities } from '../activities/form.js';
import { unknownPlaceholders } from '../mail-templates/placeholders.js';

/** The most records one mailing goes to. */
export const MAX_RECIPIENTS = 1000;

export const selectionQuery = z.object({
  entity: z.enum(boundEntities),
  ids: fields.idList(),
  template: z.coerce.number().int().positive().optional().catch(undefined),
  back: z.string().optional().catch(undefined),
});

/** A mailing: subject and text with per-recipient placeholders, and how many messages a minute at most. */
export const massMailForm = z
  .object({
    entity: z.enum(boundEntities),
    ids: fields.idList().refine((ids) => ids.length > 0, 'validation.selectFirst').refine((ids) => ids.length <= MAX_RECIPIENTS, 'validation.mail.tooMany'),
    subject: fields.requiredText(500),
    body: z.string().max(100_000, 'validation.tooLong').optional().transform((v) => (v ?? '').replace(/\r\n?/g, '\n')),
    format: z.enum(['plain', 'rich']).catch('plain'),
    perMinute: z.coerce.number({ message: 'validation.required' }).int('validation.mail.perMinute').min(1, 'validation.mail.perMinute').max(600, 'validation.mail.perMinute'),
  })
  .superRefine((v, check) => {
    for (const field of ['subject', 'body'] as const) {
      const unknown = unknownPlaceholders(v[field]);
      if (unknown.length) check.addIssue({ code: 'custom', path: [field], message: 'validation.mail.placeholder', params: { names: unknown.join(', ') } });
    }
  });

export type MassMailInput = z.infer<typeof massMailForm>;
