import { z } from 'zod';
import { fields } from '../../platform/forms.js';
import { badExclusionLines } from './exclusions.js';

export const smtpSecurities = ['starttls', 'tls', 'none'] as const;

const port = z.coerce.number({ message: 'validation.required' }).int('validation.mail.port').min(1, 'validation.mail.port').max(65535, 'validation.mail.port');

/** Settings → E-mail. An empty password keeps the stored one; "forget" removes it. */
export const mailSettingsForm = z
  .object({
    smtpHost: fields.requiredText(253),
    smtpPort: port,
    smtpSecurity: z.enum(smtpSecurities, { message: 'validation.invalid' }),
    smtpUser: fields.optionalText(254),
    smtpPassword: z.string().max(1000, 'validation.tooLong').optional().transform((v) => (v ? v : null)),
    forgetPassword: fields.checkbox(),
    fromEmail: fields.email(),
    exclusions: z.string().max(20_000, 'validation.tooLong').optional().transform((v) => v ?? ''),
    maxAttachmentMb: z.coerce.number({ message: 'validation.required' }).int('validation.mail.attachmentMb').min(1, 'validation.mail.attachmentMb').max(50, 'validation.mail.attachmentMb'),
    testTo: z.string().trim().max(254).optional().transform((v) => v ?? ''),
  })
  .superRefine((v, check) => {
    const bad = badExclusionLines(v.exclusions);
    if (bad.length) check.addIssue({ code: 'custom', path: ['exclusions'], message: 'validation.mail.exclusion', params: { lines: bad.slice(0, 5).join(', ') } });
  });

export type MailSettingsInput = z.infer<typeof mailSettingsForm>;

/** The address a test message goes to. */
export const testToField = fields.email();

/** My account → E-mail: the name my mail goes out under and my signature. */
export const userMailForm = z.object({
  fromName: fields.optionalText(200),
  signature: fields.optionalText(5000),
});

export type UserMailInput = z.infer<typeof userMailForm>;
