import type { AppContext } from '../../context.js';
import { mayRecord } from '../../platform/access/index.js';
import type { BoundEntity } from '../../platform/access/activities.js';
import type { CurrentUser } from '../../platform/auth/sessions.js';
import { formatter } from '../../platform/format.js';
import { getCompany } from '../../platform/company.js';
import { findCompany } from '../companies/queries.js';
import { companiesByIds, companyIdsOf, findContact } from '../contacts/queries.js';
import { findDeal } from '../deals/queries.js';
import { findLead } from '../leads/queries.js';
import { leadName } from '../leads/form.js';
import { senderOf } from '../mail-settings/service.js';
import { documentsOfDeal } from '../documents/service.js';
import type { DocumentRow } from '../documents/queries.js';
import type { PlaceholderValues } from './placeholders.js';

type Contact = NonNullable<ReturnType<typeof findContact>>;

const contactValues = (c: Contact): PlaceholderValues => ({ 'contact.name': c.fullName, 'contact.firstName': c.firstName, 'contact.lastName': c.lastName, 'contact.position': c.position });

/**
 * The values of every placeholder for mail about one record, written by `user`. A deal lends its
 * contact's and company's, a contact its first company's — each only when the writer may read it,
 * so a template never puts into a message what its writer could not see.
 */
export function placeholderValues(ctx: AppContext, user: CurrentUser, entity: BoundEntity, id: number, documents: DocumentRow[] = []): PlaceholderValues {
  const sender = senderOf(ctx, user);
  const values: PlaceholderValues = { 'user.name': sender.name, 'user.email': user.email, 'user.signature': sender.signature };
  const readable = <T extends { responsibleId: number | null }>(kind: 'contact' | 'company', row: T | null) => (row && mayRecord(ctx.db, user, kind, 'read', row) ? row : null);
  switch (entity) {
    case 'contact': {
      const c = findContact(ctx.db, id);
      if (!c) break;
      Object.assign(values, contactValues(c));
      const company = companiesByIds(ctx.db, companyIdsOf(ctx.db, id)).find((x) => mayRecord(ctx.db, user, 'company', 'read', x));
      values['company.title'] = company?.title ?? null;
      break;
    }
    case 'company':
      values['company.title'] = findCompany(ctx.db, id)?.title ?? null;
      break;
    case 'deal': {
      const d = findDeal(ctx.db, id);
      if (!d) break;
      const company = getCompany(ctx.db);
      values['deal.title'] = d.title;
      values['deal.amount'] = formatter((company?.locale ?? user.locale) as 'ru' | 'en', company?.timeZone ?? 'UTC').money(d.amountMinor, d.currency);
      const contact = d.contactId ? readable('contact', findContact(ctx.db, d.contactId)) : null;
      if (contact) Object.assign(values, contactValues(contact));
      values['company.title'] = (d.companyId ? readable('company', findCompany(ctx.db, d.companyId)) : null)?.title ?? null;
      break;
    }
    case 'lead': {
      const l = findLead(ctx.db, id);
      if (!l) break;
      values['lead.title'] = l.title;
      values['lead.name'] = leadName(l);
      values['contact.name'] = leadName(l);
      values['contact.firstName'] = l.firstName;
      values['contact.lastName'] = l.lastName;
      values['contact.position'] = l.position;
      values['company.title'] = l.companyTitle;
      break;
    }
  }
  return { ...values, ...documentValues(ctx, user, entity, id, documents) };
}

/**
 * {{invoice.*}} and {{quote.*}}: from the attached document of that kind, else (written from a deal)
 * the deal's newest one the writer may read; money and dates in the writer's language.
 */
function documentValues(ctx: AppContext, user: CurrentUser, entity: BoundEntity, id: number, attached: DocumentRow[]): PlaceholderValues {
  const ofDeal = entity === 'deal' ? documentsOfDeal(ctx, user, id) : [];
  const pick = (kind: 'invoice' | 'quote') => attached.find((d) => d.kind === kind) ?? ofDeal.find((d) => d.kind === kind) ?? null;
  const fmt = formatter(user.locale === 'en' ? 'en' : 'ru', getCompany(ctx.db)?.timeZone ?? 'UTC');
  const invoice = pick('invoice');
  const quote = pick('quote');
  return {
    'invoice.number': invoice?.number ?? null,
    'invoice.date': invoice ? fmt.day(invoice.issuedOn) : null,
    'invoice.total': invoice ? fmt.money(invoice.totalMinor, invoice.currency) : null,
    'invoice.dueDate': invoice?.dueOn ? fmt.day(invoice.dueOn) : null,
    'quote.number': quote?.number ?? null,
    'quote.total': quote ? fmt.money(quote.totalMinor, quote.currency) : null,
    'quote.date': quote ? fmt.day(quote.issuedOn) : null,
  };
}
