import { z } from 'zod';
import { fields } from '../../platform/forms.js';
import { unknownPlaceholders } from './placeholders.js';

const text = (max: number) => z.string().max(max, 'validation.tooLong').optional().transform((v) => (v ?? '').replace(/\r\n?/g, '\n'));

/** A template: its subject and text may hold placeholders; an unknown one is refused with its name. */
export const templateForm = z
  .object({
    name: fields.requiredText(200),
    subject: fields.requiredText(500),
    body: text(100_000),
    shared: fields.checkbox(),
  })
  .superRefine((v, check) => {
    for (const field of ['subject', 'body'] as const) {
      const unknown = unknownPlaceholders(v[field]);
      if (unknown.length) check.addIssue({ code: 'custom', path: [field], message: 'validation.mail.placeholder', params: { names: unknown.join(', ') } });
    }
  });

export type TemplateInput = z.infer<typeof templateForm>;
