import type { AppContext } from '../../context.js';
import { assertMay } from '../../platform/access/index.js';
import type { CurrentUser } from '../../platform/auth/sessions.js';
import { ValidationError } from '../../platform/errors.js';
import { translator } from '../../platform/i18n/index.js';
import { decryptSecret, encryptSecret } from '../../platform/secrets.js';
import { sendMail, type SmtpAnswer, type SmtpServer } from '../../integrations/smtp.js';
import { DEFAULT_EXCLUSIONS, parseExclusions, type ExclusionRules } from './exclusions.js';
import { testToField, type MailSettingsInput, type UserMailInput } from './form.js';
import * as q from './queries.js';
import { messageIdFor } from './ids.js';
import { newestNotification } from '../mail/notify-job.js';

export type { MailSettingsRow } from './queries.js';

/** The settings form's values: what is stored, never the password (only whether there is one). */
export function mailSettingsValues(ctx: AppContext, user: CurrentUser): Record<string, unknown> {
  assertMay(user, 'settings');
  const s = q.findMailSettings(ctx.db);
  if (!s) return { smtpPort: '587', smtpSecurity: 'starttls', exclusions: DEFAULT_EXCLUSIONS, maxAttachmentMb: '10', testTo: user.email, hasPassword: false };
  return { ...s, smtpUser: s.smtpUser ?? '', hasPassword: s.smtpPasswordEnc !== null, testTo: user.email };
}

function passwordOf(ctx: AppContext, input: MailSettingsInput, stored: q.MailSettingsRow | null): string | null {
  if (input.forgetPassword) return null;
  if (input.smtpPassword !== null) return encryptSecret(ctx.config.dataDir, input.smtpPassword);
  return stored?.smtpPasswordEnc ?? null;
}

export function saveMailSettings(ctx: AppContext, user: CurrentUser, input: MailSettingsInput): void {
  assertMay(user, 'settings');
  const stored = q.findMailSettings(ctx.db);
  q.saveMailSettings(ctx.db, {
    smtpHost: input.smtpHost,
    smtpPort: input.smtpPort,
    smtpSecurity: input.smtpSecurity,
    smtpUser: input.smtpUser,
    smtpPasswordEnc: passwordOf(ctx, input, stored),
    fromEmail: input.fromEmail,
    exclusions: input.exclusions,
    maxAttachmentMb: input.maxAttachmentMb,
    updatedAt: ctx.clock.now(),
  }, newestNotification(ctx));
}

function serverOf(ctx: AppContext, s: Pick<q.MailSettingsRow, 'smtpHost' | 'smtpPort' | 'smtpSecurity' | 'smtpUser' | 'smtpPasswordEnc'>): SmtpServer {
  return {
    host: s.smtpHost,
    port: s.smtpPort,
    security: s.smtpSecurity as SmtpServer['security'],
    user: s.smtpUser,
    password: s.smtpPasswordEnc ? decryptSecret(ctx.config.dataDir, s.smtpPasswordEnc) : null,
  };
}

/** The company's SMTP server with its password, or null while mail is not set up. */
export function smtpServer(ctx: AppContext): { server: SmtpServer; fromEmail: string; maxAttachmentBytes: number } | null {
  const s = q.findMailSettings(ctx.db);
  if (!s) return null;
  return { server: serverOf(ctx, s), fromEmail: s.fromEmail, maxAttachmentBytes: s.maxAttachmentMb * 1024 * 1024 };
}

/**
 * Sends a test message with the settings as typed (the stored password when none is typed), without
 * saving them, and returns the server's own answer: "250 2.0.0 Ok: queued" or why it refused.
 */
export async function sendTestMessage(ctx: AppContext, user: CurrentUser, input: MailSettingsInput): Promise<SmtpAnswer> {
  assertMay(user, 'settings');
  const to = testToField.safeParse(input.testTo);
  if (!to.success) throw new ValidationError({ testTo: { key: 'validation.email' } });
  const stored = q.findMailSettings(ctx.db);
  const server = serverOf(ctx, { ...input, smtpPasswordEnc: passwordOf(ctx, input, stored) });
  const t = translator(user.locale);
  return sendMail(server, {
    messageId: messageIdFor(input.fromEmail, ctx.clock.now()),
    from: { address: input.fromEmail, name: 'Prosto CRM' },
    to: [{ address: to.data }],
    cc: [],
    bcc: [],
    subject: t('mail.test.subject'),
    text: t('mail.test.body', { name: user.fullName }),
    html: null,
    inReplyTo: null,
    references: [],
    date: new Date(ctx.clock.now()),
    attachments: [],
  });
}

/** The exclusion rules in force: the administrator's list, or the default one before mail is set up. */
export function exclusionRules(ctx: AppContext): ExclusionRules {
  return parseExclusions(q.findMailSettings(ctx.db)?.exclusions ?? DEFAULT_EXCLUSIONS);
}

export function userMailValues(ctx: AppContext, user: CurrentUser): Record<string, unknown> {
  const p = q.findUserMailPrefs(ctx.db, user.id);
  return { fromName: p?.fromName ?? '', signature: p?.signature ?? '' };
}

export function saveUserMail(ctx: AppContext, user: CurrentUser, input: UserMailInput): void {
  q.saveUserMailPrefs(ctx.db, { userId: user.id, fromName: input.fromName, signature: input.signature, updatedAt: ctx.clock.now() });
}

/** The name a user's mail goes out under (their full name unless they chose another) and their signature. */
export function senderOf(ctx: AppContext, user: { id: number; fullName: string }): { name: string; signature: string } {
  const p = q.findUserMailPrefs(ctx.db, user.id);
  return { name: p?.fromName ?? user.fullName, signature: p?.signature ?? '' };
}
