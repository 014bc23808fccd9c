import type { AppContext } from '../../context.js';
import { assertRecord } from '../../platform/access/index.js';
import type { BoundEntity } from '../../platform/access/activities.js';
import type { CurrentUser } from '../../platform/auth/sessions.js';
import { NotFoundError, ValidationError } from '../../platform/errors.js';
import type { UploadedFile } from '../../platform/http/upload.js';
import type { Address } from '../../integrations/smtp.js';
import { loadComms } from '../../platform/records/communications.js';
import { recordLink } from '../../platform/notifications/index.js';
import { insertActivity } from '../activities/queries.js';
import { bindingsFor, findBound } from '../activities/service.js';
import { findDeal } from '../deals/queries.js';
import { messageIdFor } from '../mail-settings/ids.js';
import { senderOf, smtpServer } from '../mail-settings/service.js';
import { renderPlaceholders } from '../mail-templates/placeholders.js';
import { findTemplate, templatesFor } from '../mail-templates/queries.js';
import { placeholderValues } from '../mail-templates/values.js';
import { attachedChip, clientAddresses, clientRecordsOf, documentToAttach, type DocRef } from '../documents/mail.js';
import { documentLang } from '../documents/print.js';
import { pdfOf } from '../documents/pdf.js';
import type { DocumentRow } from '../documents/queries.js';
import { formatter } from '../../platform/format.js';
import { getCompany } from '../../platform/company.js';
import { translator } from '../../platform/i18n/index.js';
import type { ComposeInput } from './form.js';
import { removeStored, storeContent, storeUpload } from './files.js';
import { recordsForAddresses, uniqueRecords } from './matching.js';
import { deliver, type Delivery } from './outbox.js';
import * as q from './queries.js';
import { visibleMessage } from './read.js';
import { replyHeaders, replySubject, quoted } from './threading.js';
import { richTextHtml, richTextPlain } from './richtext.js';

/** An address of the record (or, for a deal, of its contact and company) to tick in the compose form. */
export interface AddressChoice {
  address: string;
  label: string;
}

function recordFor(ctx: AppContext, user: CurrentUser, entity: BoundEntity, id: number) {
  const record = findBound(ctx.db, entity, id);
  if (!record) throw new NotFoundError();
  // Writing to a record adds to its journal: the right to edit it, as for any activity.
  assertRecord(ctx.db, user, entity, 'edit', record);
  return record;
}

/** The record's e-mail addresses; a deal's are its contact's and company's. */
export function addressChoices(ctx: AppContext, entity: BoundEntity, id: number): AddressChoice[] {
  const sources: { entity: BoundEntity; id: number }[] = [];
  if (entity === 'deal') {
    const deal = findDeal(ctx.db, id);
    if (deal?.contactId) sources.push({ entity: 'contact', id: deal.contactId });
    if (deal?.companyId) sources.push({ entity: 'company', id: deal.companyId });
  } else sources.push({ entity, id });
  return sources.flatMap((s) => {
    const title = findBound(ctx.db, s.entity, s.id)?.title ?? '';
    return (loadComms(ctx.db, s.entity, [s.id]).get(s.id) ?? []).filter((c) => c.kind === 'email').map((c) => ({ address: c.value.trim().toLowerCase(), label: title }));
  });
}

/**
 * What the compose form starts with: the record's addresses (the first one ticked), the signature, or
 * for a reply the answered message's sender, "Re:" subject and quoted text; a chosen template fills
 * the subject and body with this record's values.
 */
export function composeView(ctx: AppContext, user: CurrentUser, target: { entity: BoundEntity; id: number; reply?: number; template?: number; documents?: DocRef[] }) {
  const record = recordFor(ctx, user, target.entity, target.id);
  const docs = (target.documents ?? []).map((ref) => documentToAttach(ctx, user, ref));
  const clientChoices = docs.flatMap((d) => clientAddresses(ctx, user, d));
  const choices = uniqueAddresses([...addressChoices(ctx, target.entity, target.id), ...clientChoices]);
  const values = placeholderValues(ctx, user, target.entity, target.id, docs);
  const signature = values['user.signature'] ? `\n\n${values['user.signature']}` : '';
  const reply = target.reply ? visibleMessage(ctx, user, target.reply) : null;
  const template = target.template ? findTemplate(ctx.db, target.template) : null;
  const usable = template && (template.ownerId === null || template.ownerId === user.id) ? template : null;
  // A document goes to every address of its client; otherwise the record's first address is ticked.
  const ticked = clientChoices.length ? [...new Set(clientChoices.map((c) => c.address))] : choices.slice(0, 1).map((c) => c.address);
  const start: Record<string, unknown> = { entity: target.entity, entityId: String(target.id), format: 'plain', to: ticked, toOther: '', cc: '', bcc: '' };
  if (reply) {
    const parties = reply.direction === 'in' ? [{ address: reply.fromAddress }] : (JSON.parse(reply.toList) as { address: string }[]);
    const addresses = parties.map((p) => p.address);
    Object.assign(start, {
      reply: String(reply.id),
      to: addresses.filter((a) => choices.some((c) => c.address === a)),
      toOther: addresses.filter((a) => !choices.some((c) => c.address === a)).join(', '),
      subject: replySubject(reply.subject),
      body: `${signature}\n\n${quoted(reply)}`,
    });
  } else if (usable) {
    Object.assign(start, { subject: renderPlaceholders(usable.subject, values), body: renderPlaceholders(usable.body, values), template: String(usable.id) });
  } else if (docs[0]) {
    Object.assign(start, documentLetter(ctx, docs[0]));
    start.body = `${start.body as string}${signature}`;
  } else {
    start.body = signature;
  }
  const smtp = smtpServer(ctx);
  return {
    record: { entity: target.entity, id: target.id, title: record.title, link: recordLink(target.entity, target.id) },
    choices,
    templates: templatesFor(ctx.db, user.id),
    reply,
    attached: docs.map(attachedChip),
    values: start,
    ready: smtp !== null,
    maxAttachmentMb: smtp ? smtp.maxAttachmentBytes / 1024 / 1024 : 10,
  };
}

function uniqueAddresses(list: AddressChoice[]): AddressChoice[] {
  const seen = new Set<string>();
  return list.filter((c) => !seen.has(c.address) && seen.add(c.address));
}

/** The subject and opening line of a document's e-mail, in the document's language (the client reads it). */
function documentLetter(ctx: AppContext, doc: DocumentRow): { subject: string; body: string } {
  const lang = documentLang(doc);
  const t = translator(lang);
  const total = formatter(lang, getCompany(ctx.db)?.timeZone ?? 'UTC').money(doc.totalMinor, doc.currency);
  const kind = doc.kind === 'quote' ? 'quote' : 'invoice';
  return { subject: t(`mail.document.subject.${kind}`, { number: doc.number }), body: t(`mail.document.body.${kind}`, { number: doc.number, total }) };
}

export interface Outgoing {
  entity: BoundEntity;
  entityId: number;
  /** Records the activity is bound to besides the record itself and its addressees'. */
  bindings: { entity: BoundEntity; entityId: number }[];
  to: Address[];
  cc: Address[];
  bcc: Address[];
  subject: string;
  /** As typed; with `rich`, its simple formatting becomes the HTML part. */
  body: string;
  rich: boolean;
  parent: q.MessageRow | null;
  campaignId: number | null;
  /** Uploaded or made files; `documentId` marks a quote's or invoice's PDF. */
  attachments: (Omit<q.AttachmentRow, 'id' | 'messageRowId' | 'contentId' | 'documentId'> & { documentId?: number | null })[];
}

/**
 * Stores an outgoing message with its e-mail activity (planned until the server takes it), bound to
 * the record, the given records and every record whose address it goes to; call inside a transaction.
 */
export function queueOutgoing(ctx: AppContext, user: CurrentUser, o: Outgoing, fromEmail: string, now: number): q.MessageRow {
  const messageId = messageIdFor(fromEmail, now);
  const headers = o.parent ? replyHeaders(o.parent) : { inReplyTo: null, refs: [] as string[] };
  const text = o.rich ? richTextPlain(o.body) : o.body;
  const recipients = [...o.to, ...o.cc, ...o.bcc].map((a) => a.address);
  const bindings = uniqueRecords([...o.bindings, ...recordsForAddresses(ctx.db, recipients)]);
  const activity = insertActivity(
    ctx.db,
    { type: 'email', subject: o.subject, description: text.slice(0, 5000), entity: o.entity, entityId: o.entityId, responsibleId: user.id, dueAt: now, createdBy: user.id, createdAt: now, updatedAt: now },
    bindings,
  );
  const row = q.insertMessage(ctx.db, {
    messageId,
    threadId: o.parent?.threadId ?? messageId,
    direction: 'out',
    activityId: activity.id,
    campaignId: o.campaignId,
    userId: user.id,
    fromAddress: fromEmail,
    fromName: senderOf(ctx, user).name,
    toList: JSON.stringify(o.to),
    ccList: JSON.stringify(o.cc),
    bccList: JSON.stringify(o.bcc),
    subject: o.subject,
    date: now,
    inReplyTo: headers.inReplyTo,
    refs: JSON.stringify(headers.refs),
    bodyText: text,
    bodyHtml: o.rich ? richTextHtml(o.body) : null,
    status: 'queued',
    nextAttemptAt: now,
    createdAt: now,
  });
  q.insertAttachments(ctx.db, row.id, o.attachments);
  return row;
}

/**
 * Sends a message from a record: stored with its attachments and an e-mail activity bound to the
 * record (a deal's also to its contact and company) and to every record whose address it goes to,
 * then handed to the SMTP server at once. When the server is unreachable or refuses, the message
 * stays in the outbox (the mail-outbox job tries again) and the activity says why.
 */
export async function sendFromRecord(ctx: AppContext, user: CurrentUser, input: ComposeInput, files: UploadedFile[]): Promise<{ message: q.MessageRow; delivery: Delivery }> {
  const record = recordFor(ctx, user, input.entity, input.entityId);
  const smtp = smtpServer(ctx);
  if (!smtp) throw new ValidationError({ _form: { key: 'mail.error.notSetUp' } });
  // Attached documents: read rights checked, their PDFs made now with the printing code.
  const docs = (input.documents ?? []).map((ref) => documentToAttach(ctx, user, ref));
  const pdfs = await Promise.all(docs.map(async (d) => ({ doc: d, pdf: await pdfOf(ctx, d) })));
  const total = files.reduce((n, f) => n + f.size, 0) + pdfs.reduce((n, p) => n + p.pdf.content.length, 0);
  if (total > smtp.maxAttachmentBytes) throw new ValidationError({ attachments: { key: 'mail.error.tooLarge', params: { n: smtp.maxAttachmentBytes / 1024 / 1024 } } });
  const parent = input.reply ? visibleMessage(ctx, user, input.reply) : null;
  const now = ctx.clock.now();
  // Moved in before the transaction; removed again if it fails, so nothing is left half-saved.
  const stored: Outgoing['attachments'] = [
    ...pdfs.map(({ doc, pdf }) => ({ filename: pdf.fileName, contentType: 'application/pdf', size: pdf.content.length, storedPath: storeContent(ctx.config.dataDir, pdf.content, now), documentId: doc.id })),
    ...files.map((f) => ({ filename: f.name, contentType: f.type, size: f.size, storedPath: storeUpload(ctx.config.dataDir, f.file, now) })),
  ];
  // A document's e-mail is on its client too (the client may differ from the deal's).
  const bindings = uniqueRecords([...bindingsFor(ctx.db, input.entity, record), ...docs.flatMap(clientRecordsOf)]);
  let message: q.MessageRow;
  try {
    message = ctx.db.transaction(() =>
      queueOutgoing(
        ctx,
        user,
        { entity: input.entity, entityId: input.entityId, bindings, to: input.to, cc: input.cc, bcc: input.bcc, subject: input.subject, body: input.body, rich: input.format === 'rich', parent, campaignId: null, attachments: stored },
        smtp.fromEmail,
        now,
      ),
    );
  } catch (err) {
    removeStored(ctx.config.dataDir, stored.map((a) => a.storedPath));
    throw err;
  }
  const delivery = await deliver(ctx, message.id);
  return { message, delivery };
}
