import { z } from 'zod';
import addressparser from 'nodemailer/lib/addressparser';
import { fields } from '../../platform/forms.js';
import { boundEntities } from '../activities/form.js';
import type { Address } from '../../integrations/smtp.js';
import { parseDocRef, type DocRef } from '../documents/mail.js';

const emailShape = z.email();

/**
 * A list of addresses as people type them: "a@x.ru, Иван <ivan@y.ru>; b@z.ru". Returns the
 * addresses, or the first part that is not one.
 */
export function parseAddresses(text: string): { ok: true; list: Address[] } | { ok: false; bad: string } {
  const list: Address[] = [];
  for (const part of text.split(/[,;\n]+/).map((p) => p.trim()).filter(Boolean)) {
    const parsed = addressparser(part, { flatten: true });
    const one = parsed.length === 1 ? parsed[0]! : null;
    if (!one || !('address' in one) || !one.address || !emailShape.safeParse(one.address).success) return { ok: false, bad: part };
    list.push({ address: one.address.toLowerCase(), name: one.name || null });
  }
  return { ok: true, list };
}

const addressList = (required: boolean) =>
  z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v, check) => {
      const text = v === undefined ? '' : Array.isArray(v) ? v.join(',') : v;
      const parsed = parseAddresses(text);
      if (!parsed.ok) {
        check.addIssue({ code: 'custom', message: 'validation.mail.address', params: { value: parsed.bad } });
        return z.NEVER;
      }
      if (required && parsed.list.length === 0) {
        check.addIssue({ code: 'custom', message: 'validation.mail.noRecipient' });
        return z.NEVER;
      }
      return parsed.list;
    });

/** Documents named in the form, each once; anything that is not "quote:N" or "invoice:N" is refused. */
function documentRefs() {
  return z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v, check) => {
      const list = v === undefined ? [] : [v].flat();
      const refs: DocRef[] = [];
      for (const item of list) {
        const ref = parseDocRef(item);
        if (!ref) {
          check.addIssue({ code: 'custom', message: 'validation.invalid' });
          return z.NEVER;
        }
        if (!refs.some((r) => r.kind === ref.kind && r.id === ref.id)) refs.push(ref);
      }
      return refs.slice(0, 10);
    });
}

/**
 * The compose form. `to` is the record's addresses ticked plus any typed ones; `reply` is the message
 * answered (its thread and headers follow); `documents` are quotes and invoices ("invoice:12") whose
 * PDFs are made and attached when it is sent.
 */
export const composeForm = z.object({
  entity: z.enum(boundEntities),
  entityId: z.coerce.number().int().positive(),
  reply: fields.optionalId(),
  to: addressList(true),
  cc: addressList(false),
  bcc: addressList(false),
  subject: fields.requiredText(500),
  body: z.string().max(200_000, 'validation.tooLong').optional().transform((v) => (v ?? '').replace(/\r\n?/g, '\n')),
  format: z.enum(['plain', 'rich']).catch('plain'),
  back: z.string().optional(),
  documents: documentRefs(),
});

/** As parsed; `documents` may be left out by callers that attach none. */
export type ComposeInput = Omit<z.infer<typeof composeForm>, 'documents'> & { documents?: DocRef[] };

/** The form posts ticked record addresses as `to` and typed ones as `toOther`: both are recipients. */
export function withTypedRecipients(fields: Record<string, unknown>): Record<string, unknown> {
  const ticked = fields.to === undefined ? [] : Array.isArray(fields.to) ? fields.to : [fields.to];
  const typed = typeof fields.toOther === 'string' && fields.toOther.trim() ? [fields.toOther] : [];
  return { ...fields, to: [...ticked, ...typed] };
}

export const composeQuery = z.object({
  entity: z.enum(boundEntities),
  id: z.coerce.number().int().positive(),
  reply: z.coerce.number().int().positive().optional().catch(undefined),
  template: z.coerce.number().int().positive().optional().catch(undefined),
  back: z.string().optional().catch(undefined),
  /** A quote or invoice to attach ("invoice:12"): its "Send by e-mail". */
  document: z.string().optional().transform((v, check) => {
    if (v === undefined || v === '') return undefined;
    const ref = parseDocRef(v);
    if (!ref) {
      check.addIssue({ code: 'custom', message: 'validation.invalid' });
      return z.NEVER;
    }
    return ref;
  }),
});
