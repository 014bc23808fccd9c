import { desc, eq, isNotNull } from 'drizzle-orm';
import type { Db } from '../../db/connection.js';
import { companies, contacts, deals, leads, users } from '../../db/schema/index.js';

export interface DeletedItem {
  entity: 'company' | 'contact' | 'deal' | 'lead';
  id: number;
  name: string;
  deletedAt: number;
  deletedBy: string | null;
}

/** What waits in the recycle bin, newest first. */
export function deletedItems(db: Db, limit = 200): DeletedItem[] {
  const deletedCompanies = db
    .select({ id: companies.id, name: companies.title, deletedAt: companies.deletedAt, deletedBy: users.fullName })
    .from(companies)
    .leftJoin(users, eq(users.id, companies.deletedBy))
    .where(isNotNull(companies.deletedAt))
    .orderBy(desc(companies.deletedAt))
    .limit(limit)
    .all()
    .map((r) => ({ ...r, entity: 'company' as const, deletedAt: r.deletedAt! }));
  const deletedContacts = db
    .select({ id: contacts.id, name: contacts.fullName, deletedAt: contacts.deletedAt, deletedBy: users.fullName })
    .from(contacts)
    .leftJoin(users, eq(users.id, contacts.deletedBy))
    .where(isNotNull(contacts.deletedAt))
    .orderBy(desc(contacts.deletedAt))
    .limit(limit)
    .all()
    .map((r) => ({ ...r, entity: 'contact' as const, deletedAt: r.deletedAt! }));
  const deletedDeals = db
    .select({ id: deals.id, name: deals.title, deletedAt: deals.deletedAt, deletedBy: users.fullName })
    .from(deals)
    .leftJoin(users, eq(users.id, deals.deletedBy))
    .where(isNotNull(deals.deletedAt))
    .orderBy(desc(deals.deletedAt))
    .limit(limit)
    .all()
    .map((r) => ({ ...r, entity: 'deal' as const, deletedAt: r.deletedAt! }));
  const deletedLeads = db
    .select({ id: leads.id, name: leads.title, deletedAt: leads.deletedAt, deletedBy: users.fullName })
    .from(leads)
    .leftJoin(users, eq(users.id, leads.deletedBy))
    .where(isNotNull(leads.deletedAt))
    .orderBy(desc(leads.deletedAt))
    .limit(limit)
    .all()
    .map((r) => ({ ...r, entity: 'lead' as const, deletedAt: r.deletedAt! }));
  return [...deletedCompanies, ...deletedContacts, ...deletedDeals, ...deletedLeads].sort((a, b) => b.deletedAt - a.deletedAt).slice(0, limit);
}
