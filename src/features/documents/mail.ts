import type { AppContext } from '../../context.js';
import { mayRecord } from '../../platform/access/index.js';
import type { CurrentUser } from '../../platform/auth/sessions.js';
import { ForbiddenError, NotFoundError } from '../../platform/errors.js';
import { loadComms } from '../../platform/records/communications.js';
import { findCompany } from '../companies/queries.js';
import { findContact } from '../contacts/queries.js';
import { basePath, type DocKind } from './kinds.js';
import { documentFileName } from './print.js';
import { findDocument, type DocumentRow } from './queries.js';

/**
 * Quotes and invoices as the e-mail feature sees them ("attach the PDF in one click"): a compose form
 * names a document as "invoice:12"; the message is written from the document's deal, else its company,
 * else its contact, and goes to its client's addresses. Attaching needs the right to read the document.
 */
export interface DocRef {
  kind: DocKind;
  id: number;
}

const REF = /^(quote|invoice):([1-9]\d{0,15})$/;

export function parseDocRef(value: unknown): DocRef | null {
  const m = typeof value === 'string' ? REF.exec(value) : null;
  return m ? { kind: m[1] as DocKind, id: Number(m[2]) } : null;
}

export const docRef = (doc: Pick<DocumentRow, 'kind' | 'id'>) => `${doc.kind}:${doc.id}`;

/**
 * A document to attach. One that does not exist is 404; one the user may not read is 403 — the form
 * names it, so refusing says nothing the user did not type.
 */
export function documentToAttach(ctx: AppContext, user: CurrentUser, ref: DocRef): DocumentRow {
  const doc = findDocument(ctx.db, ref.kind, ref.id);
  if (!doc) throw new NotFoundError();
  if (!mayRecord(ctx.db, user, ref.kind, 'read', doc)) throw new ForbiddenError();
  return doc;
}

/** The record an e-mail about the document is written from (its activity's record); null without a deal or client. */
export function mailRecordOf(doc: DocumentRow): { entity: 'deal' | 'company' | 'contact'; id: number } | null {
  if (doc.dealId) return { entity: 'deal', id: doc.dealId };
  if (doc.companyId) return { entity: 'company', id: doc.companyId };
  if (doc.contactId) return { entity: 'contact', id: doc.contactId };
  return null;
}

/** The document's client (contact and company): the records its e-mail is also bound to. */
export function clientRecordsOf(doc: DocumentRow): { entity: 'contact' | 'company'; entityId: number }[] {
  return [...(doc.contactId ? [{ entity: 'contact' as const, entityId: doc.contactId }] : []), ...(doc.companyId ? [{ entity: 'company' as const, entityId: doc.companyId }] : [])];
}

/** The e-mail addresses of the document's contact and company that the user may read. */
export function clientAddresses(ctx: AppContext, user: CurrentUser, doc: DocumentRow): { address: string; label: string }[] {
  const contact = doc.contactId ? findContact(ctx.db, doc.contactId) : null;
  const company = doc.companyId ? findCompany(ctx.db, doc.companyId) : null;
  const sources = [
    ...(contact && mayRecord(ctx.db, user, 'contact', 'read', contact) ? [{ entity: 'contact' as const, id: contact.id, label: contact.fullName }] : []),
    ...(company && mayRecord(ctx.db, user, 'company', 'read', company) ? [{ entity: 'company' as const, id: company.id, label: company.title }] : []),
  ];
  return sources.flatMap((s) => (loadComms(ctx.db, s.entity, [s.id]).get(s.id) ?? []).filter((c) => c.kind === 'email').map((c) => ({ address: c.value.trim().toLowerCase(), label: s.label })));
}

/** The chip the compose form shows for an attached document. */
export const attachedChip = (doc: DocumentRow) => ({ ref: docRef(doc), name: documentFileName(doc), href: `${basePath[doc.kind as DocKind]}/${doc.id}` });

/**
 * "Send by e-mail" for a document: the compose form of its record with the document attached, when
 * the user may write on that record (an e-mail is an activity in its journal); else null.
 */
export function composeLinkOf(ctx: AppContext, user: CurrentUser, doc: DocumentRow, back: string, editable: (entity: 'deal' | 'company' | 'contact', id: number) => boolean): string | null {
  const record = mailRecordOf(doc);
  if (!record || !editable(record.entity, record.id)) return null;
  return `/mail/compose?entity=${record.entity}&id=${record.id}&document=${encodeURIComponent(docRef(doc))}&back=${encodeURIComponent(back)}`;
}
