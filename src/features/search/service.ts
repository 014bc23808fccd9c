import { and, inArray, isNull } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { companies, contacts, deals, leads } from '../../db/schema/index.js';
import { rowCondition } from '../../platform/access/index.js';
import type { CurrentUser } from '../../platform/auth/sessions.js';
import { searchIds } from '../../platform/records/search.js';

export interface Hit {
  href: string;
  title: string;
}

export interface SearchResults {
  tooShort: boolean;
  groups: { entity: 'company' | 'contact' | 'deal' | 'lead'; hits: Hit[] }[];
}

/**
 * The search box on every page: records of every kind matching the query that this user may read,
 * a few of each kind. Matching comes from the full-text index; the rights condition is applied on top.
 */
export function searchEverything(ctx: AppContext, user: CurrentUser, q: string, perKind = 8): SearchResults {
  const companyIds = searchIds(ctx.db, 'company', q);
  if (companyIds === null) return { tooShort: true, groups: [] };
  const contactIds = searchIds(ctx.db, 'contact', q) ?? [];
  const dealIds = searchIds(ctx.db, 'deal', q) ?? [];
  const leadIds = searchIds(ctx.db, 'lead', q) ?? [];
  const foundLeads = leadIds.length
    ? ctx.db
        .select({ id: leads.id, title: leads.title })
        .from(leads)
        .where(and(inArray(leads.id, leadIds), isNull(leads.deletedAt), rowCondition(ctx.db, user, 'lead', 'read', { responsible: leads.responsibleId, everyone: leads.everyone })))
        .limit(perKind)
        .all()
    : [];
  const foundDeals = dealIds.length
    ? ctx.db
        .select({ id: deals.id, title: deals.title })
        .from(deals)
        .where(and(inArray(deals.id, dealIds), isNull(deals.deletedAt), rowCondition(ctx.db, user, 'deal', 'read', { responsible: deals.responsibleId, everyone: deals.everyone })))
        .limit(perKind)
        .all()
    : [];
  const foundCompanies = companyIds.length
    ? ctx.db
        .select({ id: companies.id, title: companies.title })
        .from(companies)
        .where(and(inArray(companies.id, companyIds), isNull(companies.deletedAt), rowCondition(ctx.db, user, 'company', 'read', { responsible: companies.responsibleId })))
        .limit(perKind)
        .all()
    : [];
  const foundContacts = contactIds.length
    ? ctx.db
        .select({ id: contacts.id, title: contacts.fullName })
        .from(contacts)
        .where(and(inArray(contacts.id, contactIds), isNull(contacts.deletedAt), rowCondition(ctx.db, user, 'contact', 'read', { responsible: contacts.responsibleId })))
        .limit(perKind)
        .all()
    : [];
  return {
    tooShort: false,
    groups: [
      { entity: 'lead' as const, hits: foundLeads.map((l) => ({ href: `/leads/${l.id}`, title: l.title })) },
      { entity: 'deal' as const, hits: foundDeals.map((d) => ({ href: `/deals/${d.id}`, title: d.title })) },
      { entity: 'contact' as const, hits: foundContacts.map((c) => ({ href: `/contacts/${c.id}`, title: c.title })) },
      { entity: 'company' as const, hits: foundCompanies.map((c) => ({ href: `/companies/${c.id}`, title: c.title })) },
    ].filter((g) => g.hits.length > 0),
  };
}
