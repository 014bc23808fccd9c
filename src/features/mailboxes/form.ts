import { z } from 'zod';
import { fields } from '../../platform/forms.js';

export const imapSecurities = ['tls', 'starttls', 'none'] as const;
/** How far back the first sync reads: days, or everything. */
export const collectChoices = ['1', '3', '7', '30', '90', '365', 'all'] as const;

const folderList = z
  .string()
  .max(2000, 'validation.tooLong')
  .optional()
  .transform((v) => [...new Set((v ?? '').split(/[\n,]+/).map((f) => f.trim()).filter(Boolean))])
  .pipe(z.array(z.string().max(200, 'validation.tooLong')).min(1, 'validation.mail.folders'));

/** A mailbox. An empty password keeps the stored one (a new mailbox needs one: checked by the service). */
export const mailboxForm = z.object({
  address: fields.email(),
  host: fields.requiredText(253),
  port: z.coerce.number({ message: 'validation.required' }).int('validation.mail.port').min(1, 'validation.mail.port').max(65535, 'validation.mail.port'),
  security: z.enum(imapSecurities, { message: 'validation.invalid' }),
  username: fields.optionalText(254),
  password: z.string().max(1000, 'validation.tooLong').optional().transform((v) => (v ? v : null)),
  folders: folderList,
  collect: z.enum(collectChoices).catch('3'),
  createLeads: fields.checkbox(),
  active: fields.checkbox(),
  purpose: z.enum(['personal', 'sendsave']).catch('personal'),
  ownerId: fields.optionalId(),
  /** Who gets a lead made from an unknown sender: the mailbox owner, or the chosen users in turn. */
  leadResponsible: z.enum(['owner', 'rotation']).catch('owner'),
  leadUserIds: fields.idList(),
});

type Parsed = z.infer<typeof mailboxForm>;
/** As parsed; the lead settings may be left out (the owner gets the leads). */
export type MailboxInput = Omit<Parsed, 'leadResponsible' | 'leadUserIds'> & Partial<Pick<Parsed, 'leadResponsible' | 'leadUserIds'>>;
