import type { Request } from 'express';
import type { AppContext } from '../../context.js';
import { mayEntity, mayRecord } from '../../platform/access/index.js';
import type { CurrentUser } from '../../platform/auth/sessions.js';
import { userName } from '../../platform/records/names.js';
import { findCompany } from '../companies/queries.js';
import { findContact } from '../contacts/queries.js';
import { findDeal } from '../deals/queries.js';
import { rowsCard } from '../product-rows/service.js';
import { basePath, isLocked, isOverdue, manualStatuses, type DocKind } from './kinds.js';
import { composeLinkOf } from './mail.js';
import { findDocument, paymentsOf, type DocumentRow } from './queries.js';
import { documentsOfDeal, invoicesOfQuote, todayOf } from './service.js';

/** Where a document's public link points: the configured public address, else the one the user came by. */
export function publicUrl(ctx: AppContext, req: Request, token: string): string {
  const origin = ctx.config.publicUrl?.replace(/\/$/, '') ?? `${req.protocol}://${req.get('host')}`;
  return `${origin}/p/${token}`;
}

/** Whether the user may write on a document's record (an e-mail is an activity in its journal). */
function editableRecord(ctx: AppContext, user: CurrentUser) {
  return (entity: 'deal' | 'company' | 'contact', id: number) => {
    const record = entity === 'deal' ? findDeal(ctx.db, id) : entity === 'company' ? findCompany(ctx.db, id) : findContact(ctx.db, id);
    return record !== null && mayRecord(ctx.db, user, entity, 'edit', record);
  };
}

/**
 * Everything a quote's or invoice's page shows. Its client, deal and linked documents are named only
 * for a reader who may read them (as a deal page names its client).
 */
export function documentPage(ctx: AppContext, req: Request, user: CurrentUser, doc: DocumentRow) {
  const kind = doc.kind as DocKind;
  const base = basePath[kind];
  const mayEdit = mayRecord(ctx.db, user, kind, 'edit', doc);
  const locked = isLocked(kind, doc.status);
  const contact = doc.contactId ? findContact(ctx.db, doc.contactId) : null;
  const company = doc.companyId ? findCompany(ctx.db, doc.companyId) : null;
  const deal = doc.dealId ? findDeal(ctx.db, doc.dealId) : null;
  const quote = doc.quoteId ? findDocument(ctx.db, 'quote', doc.quoteId) : null;
  const linked = (d: DocumentRow) => ({ number: d.number, href: `${basePath[d.kind as DocKind]}/${d.id}` });
  return {
    title: `${req.t(`documents.kind.${kind}`)} ${doc.number}`,
    kind,
    doc,
    base,
    overdue: isOverdue(doc, todayOf(ctx)),
    today: todayOf(ctx),
    contact: contact && mayRecord(ctx.db, user, 'contact', 'read', contact) ? { href: `/contacts/${contact.id}`, name: contact.fullName } : null,
    company: company && mayRecord(ctx.db, user, 'company', 'read', company) ? { href: `/companies/${company.id}`, name: company.title } : null,
    deal: deal && mayRecord(ctx.db, user, 'deal', 'read', deal) ? { href: `/deals/${deal.id}`, name: deal.title } : null,
    quote: quote && mayRecord(ctx.db, user, 'quote', 'read', quote) ? linked(quote) : null,
    invoices: kind === 'quote' ? invoicesOfQuote(ctx.db, doc.id).filter((d) => mayRecord(ctx.db, user, 'invoice', 'read', d)).map(linked) : [],
    responsibleName: userName(ctx.db, doc.responsibleId) ?? '',
    productRows: rowsCard(ctx.db, req.t, { entity: kind, id: doc.id, currency: doc.currency, editHref: `${base}/${doc.id}/products`, mayEdit: mayEdit && !locked }),
    payments: kind === 'invoice' ? paymentsOf(ctx.db, doc.id) : [],
    leftMinor: Math.max(0, doc.totalMinor - doc.paidMinor),
    statusChoices: manualStatuses[kind].filter((s) => s !== doc.status),
    mayEdit,
    locked,
    mayInvoice: kind === 'quote' && mayRecord(ctx.db, user, 'invoice', 'add', { responsibleId: doc.responsibleId }),
    publicLink: doc.publicToken ? publicUrl(ctx, req, doc.publicToken) : null,
    mailHref: composeLinkOf(ctx, user, doc, `${base}/${doc.id}`, editableRecord(ctx, user)),
    mailNoRecord: !doc.dealId && !doc.companyId && !doc.contactId,
  };
}

/** The deal page's card of its quotes and invoices: those the reader may see, and whether they may make new ones. */
export function dealDocuments(ctx: AppContext, user: CurrentUser, dealId: number, mayEditDeal: boolean) {
  const today = todayOf(ctx);
  return {
    dealId,
    list: documentsOfDeal(ctx, user, dealId).map((doc) => ({
      ...doc,
      href: `${basePath[doc.kind as DocKind]}/${doc.id}`,
      overdue: isOverdue(doc, today),
      // Written from this deal: the deal's own rights decide.
      mailHref: composeLinkOf(ctx, user, { ...doc, dealId }, `/deals/${dealId}`, () => mayEditDeal),
    })),
    mayAdd: { quote: mayEditDeal && mayEntity(user, 'quote', 'add'), invoice: mayEditDeal && mayEntity(user, 'invoice', 'add') },
  };
}
