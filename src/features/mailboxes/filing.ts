import type { AppContext } from '../../context.js';
import { parseMessage, type ParsedMessage } from '../../integrations/mime.js';
import type { BoundEntity } from '../../platform/access/activities.js';
import { notify } from '../../platform/notifications/index.js';
import type { ExclusionRules } from '../mail-settings/exclusions.js';
import { bindingsOf, insertActivity } from '../activities/queries.js';
import { findBound } from '../activities/service.js';
import { removeStored, storeContent } from '../mail/files.js';
import { recordsForAddresses, uniqueRecords, type RecordRef } from '../mail/matching.js';
import * as mail from '../mail/queries.js';
import { threadFor } from '../mail/threading.js';
import { leadFromMail } from './leads.js';
import { partiesOf } from './parties.js';
import type { MailboxRow } from './queries.js';

/**
 * Filing one message read from a mailbox (docs/decisions.md, "E-mail"): stored once by its
 * Message-ID whichever folder or mailbox brings it again, as an e-mail activity bound to every lead,
 * contact and company one of its outside parties' addresses belongs to (and their open deals) and to
 * the records of the thread it answers; from an unknown sender it makes a lead when the mailbox says
 * so. Mail from or to excluded addresses only, and mail between users, is not kept.
 */
export type Outcome = 'filed' | 'lead' | 'duplicate' | 'excluded' | 'internal' | 'unmatched';

export interface FilingContext {
  mailbox: MailboxRow;
  users: Map<string, number>;
  rules: ExclusionRules;
}

const ORDER: BoundEntity[] = ['contact', 'lead', 'company', 'deal'];

/** The records of the thread a message answers: those of the first message it names that the CRM holds. */
function threadRecords(ctx: AppContext, m: ParsedMessage): RecordRef[] {
  const known = mail.knownOf(ctx.db, [...(m.inReplyTo ? [m.inReplyTo] : []), ...[...m.references].reverse()]);
  const parent = known && mail.messageByMessageId(ctx.db, known.messageId);
  return parent?.activityId ? bindingsOf(ctx.db, parent.activityId).filter((b) => findBound(ctx.db, b.entity, b.entityId) !== null) : [];
}

/** "E-mail received on my record" for each bound record's responsible other than the mailbox's owner. */
function notifyReceived(ctx: AppContext, fc: FilingContext, row: mail.MessageRow, bound: RecordRef[]): void {
  const told = new Set<number>([fc.mailbox.ownerId]);
  for (const b of bound) {
    const record = findBound(ctx.db, b.entity, b.entityId);
    if (!record?.responsibleId || told.has(record.responsibleId)) continue;
    told.add(record.responsibleId);
    notify(ctx, {
      userId: record.responsibleId,
      kind: 'mail',
      entity: b.entity,
      entityId: b.entityId,
      actorId: null,
      message: { key: 'mailboxes.notify.received', params: { subject: row.subject, who: row.fromName ?? row.fromAddress, title: record.title } },
      link: `/mail/${row.id}?record=${b.entity}:${b.entityId}`,
      dedupeKey: `mailReceived:${row.id}:${record.responsibleId}`,
    });
  }
}

/**
 * Files a raw message; `commit` (the folder's new position) runs in the same transaction as what is
 * stored, so after a crash the message is either filed and passed or neither.
 */
export async function fileRaw(ctx: AppContext, fc: FilingContext, source: Buffer, commit: () => void): Promise<Outcome> {
  const m = await parseMessage(source);
  const skip = (outcome: Outcome) => {
    ctx.db.transaction(commit);
    return outcome;
  };
  if (mail.messageByMessageId(ctx.db, m.messageId)) return skip('duplicate');
  const parties = partiesOf(m, { mailboxAddress: fc.mailbox.address.toLowerCase(), ownerId: fc.mailbox.ownerId, users: fc.users, rules: fc.rules, sendSave: fc.mailbox.purpose === 'sendsave' });
  if (parties.excluded) return skip('excluded');
  if (parties.addresses.length === 0) return skip('internal');
  const matched = uniqueRecords([...recordsForAddresses(ctx.db, parties.addresses), ...threadRecords(ctx, m)]);
  const makeLead = matched.length === 0 && parties.direction === 'in' && parties.sender !== null && fc.mailbox.createLeads && !m.automatic;
  if (matched.length === 0 && !makeLead) return skip('unmatched');

  const now = ctx.clock.now();
  const date = m.date ?? now;
  const stored = m.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, size: a.content.length, contentId: a.contentId, storedPath: storeContent(ctx.config.dataDir, a.content, now) }));
  try {
    return ctx.db.transaction(() => {
      // Another mailbox may have brought the same message while this one was being parsed.
      if (mail.messageByMessageId(ctx.db, m.messageId)) {
        removeStored(ctx.config.dataDir, stored.map((s) => s.storedPath));
        commit();
        return 'duplicate' as const;
      }
      const leadId = makeLead ? leadFromMail(ctx, fc.mailbox, parties.sender!, m.subject) : null;
      const bound = leadId !== null ? [{ entity: 'lead' as const, entityId: leadId }] : matched;
      if (bound.length === 0) {
        removeStored(ctx.config.dataDir, stored.map((s) => s.storedPath));
        commit();
        return 'unmatched' as const;
      }
      const primary = [...bound].sort((a, b) => ORDER.indexOf(a.entity) - ORDER.indexOf(b.entity))[0]!;
      const activity = insertActivity(
        ctx.db,
        { type: 'email', subject: m.subject, description: m.text.slice(0, 5000), entity: primary.entity, entityId: primary.entityId, responsibleId: parties.userId ?? fc.mailbox.ownerId, dueAt: date, doneAt: date, doneBy: parties.userId, createdAt: now, updatedAt: now },
        bound,
      );
      const threadId = threadFor(ctx.db, { messageId: m.messageId, inReplyTo: m.inReplyTo, refs: m.references });
      const row = mail.insertMessage(ctx.db, {
        messageId: m.messageId,
        threadId,
        direction: parties.direction,
        mailboxId: fc.mailbox.id,
        activityId: activity.id,
        userId: parties.userId,
        fromAddress: m.from?.address ?? '',
        fromName: m.from?.name ?? null,
        toList: JSON.stringify(m.to),
        ccList: JSON.stringify(m.cc),
        bccList: JSON.stringify(m.bcc),
        subject: m.subject,
        date,
        inReplyTo: m.inReplyTo,
        refs: JSON.stringify(m.references),
        bodyText: m.text,
        bodyHtml: m.html,
        status: parties.direction === 'in' ? 'received' : 'sent',
        createdAt: now,
      });
      mail.insertAttachments(ctx.db, row.id, stored);
      mail.adoptReplies(ctx.db, m.messageId, threadId);
      commit();
      if (parties.direction === 'in') notifyReceived(ctx, fc, row, bound);
      return leadId !== null ? ('lead' as const) : ('filed' as const);
    });
  } catch (err) {
    removeStored(ctx.config.dataDir, stored.map((s) => s.storedPath));
    throw err;
  }
}

