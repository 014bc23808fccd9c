import type { AppContext } from '../../context.js';
import type { MailAddress } from '../../integrations/mime.js';
import { toCurrentUser } from '../../platform/auth/sessions.js';
import { getCompany } from '../../platform/company.js';
import { translator, type Locale } from '../../platform/i18n/index.js';
import { activeUser } from '../../platform/notifications/queries.js';
import { allLeadStatuses, referenceList } from '../pipelines/queries.js';
import { createLead } from '../leads/service.js';
import { defaultCurrency } from '../deals/service.js';
import { nextInRotation } from '../../platform/distribution.js';
import type { MailboxRow } from './queries.js';

/** The rotation that leads from a mailbox's unknown senders take their turns from. */
export const leadRotationKey = (mailboxId: number) => `mailbox:${mailboxId}`;

/**
 * Who a lead made from a message gets: the mailbox owner, or with "in turn" the next of the chosen
 * users (src/platform/distribution.ts: absent users skipped; when none of them is active, the owner).
 * Call inside the transaction that makes the lead, so a lead not made costs nobody their turn.
 */
export function responsibleForMailLead(ctx: AppContext, mailbox: MailboxRow): number {
  if (mailbox.leadResponsible !== 'rotation') return mailbox.ownerId;
  const ids = (JSON.parse(mailbox.leadUserIds) as number[]).filter(Number.isInteger);
  return nextInRotation(ctx, leadRotationKey(mailbox.id), ids) ?? mailbox.ownerId;
}

/**
 * A lead for a message from an unknown sender: titled by the sender, with their address, source
 * "E-mail", the first open status, made as the mailbox owner would make it (their rights apply: an
 * owner who may not add leads gets none). Returns the lead's id, or null when none could be made.
 */
export function leadFromMail(ctx: AppContext, mailbox: MailboxRow, sender: MailAddress, subject: string): number | null {
  const owner = activeUser(ctx.db, mailbox.ownerId);
  if (!owner) return null;
  const company = getCompany(ctx.db);
  const t = translator((company?.locale ?? 'ru') as Locale);
  const status = allLeadStatuses(ctx.db).find((s) => s.semantics === 'open');
  if (!status) return null;
  const source = referenceList(ctx.db, 'source').find((item) => item.name === t('seed.source.email'));
  const name = sender.name ?? null;
  try {
    const lead = ctx.sqlite.transaction(() => createLead(ctx, toCurrentUser(ctx.db, owner), {
      title: t('mailboxes.lead.title', { who: name ?? sender.address, subject: subject || t('mail.noSubject') }).slice(0, 200),
      lastName: null,
      firstName: name?.slice(0, 100) ?? null,
      middleName: null,
      companyTitle: null,
      position: null,
      statusId: status.id,
      sourceId: source?.id ?? null,
      amount: '',
      currency: defaultCurrency(ctx),
      responsibleId: responsibleForMailLead(ctx, mailbox),
      everyone: false,
      comments: null,
      comms: [{ kind: 'email', type: 'work', value: sender.address }],
      custom: undefined,
    }))();
    return lead.id;
  } catch (err) {
    ctx.logger.warn({ err, mailbox: mailbox.id, sender: sender.address }, 'no lead made from an e-mail');
    return null;
  }
}
