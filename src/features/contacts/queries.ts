import { and, eq, inArray, isNotNull, isNull, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/connection.js';
import { companies, contactCompanies, contacts, users } from '../../db/schema/index.js';
import { keysetAfter, keysetOrder, type Cursor } from '../../platform/records/paging.js';
import type { sortable } from './form.js';

export type ContactRow = typeof contacts.$inferSelect;

export function findContact(db: Db, id: number): ContactRow | null {
  return db.select().from(contacts).where(and(eq(contacts.id, id), isNull(contacts.deletedAt))).get() ?? null;
}

export function findDeletedContact(db: Db, id: number): ContactRow | null {
  return db.select().from(contacts).where(and(eq(contacts.id, id), isNotNull(contacts.deletedAt))).get() ?? null;
}

export function insertContact(db: Db, values: typeof contacts.$inferInsert): ContactRow {
  return db.insert(contacts).values(values).returning().get();
}

export function updateContact(db: Db, id: number, values: Partial<typeof contacts.$inferInsert>): void {
  db.update(contacts).set(values).where(eq(contacts.id, id)).run();
}

export function companyIdsOf(db: Db, contactId: number): number[] {
  return db.select({ id: contactCompanies.companyId }).from(contactCompanies).where(eq(contactCompanies.contactId, contactId)).all().map((r) => r.id);
}

export function setContactCompanies(db: Db, contactId: number, companyIds: number[]): void {
  db.delete(contactCompanies).where(eq(contactCompanies.contactId, contactId)).run();
  for (const companyId of companyIds) db.insert(contactCompanies).values({ contactId, companyId }).run();
}

/** Live companies by id, with what access checks need. */
export function companiesByIds(db: Db, ids: number[]) {
  if (ids.length === 0) return [];
  return db
    .select({ id: companies.id, title: companies.title, responsibleId: companies.responsibleId })
    .from(companies)
    .where(and(inArray(companies.id, ids), isNull(companies.deletedAt)))
    .all();
}

/** The live companies of several contacts at once (one query for a whole list page): contact id → companies. */
export function companiesOfContacts(db: Db, contactIds: number[]) {
  const out = new Map<number, { id: number; title: string; responsibleId: number }[]>();
  if (contactIds.length === 0) return out;
  const rows = db
    .select({ contactId: contactCompanies.contactId, id: companies.id, title: companies.title, responsibleId: companies.responsibleId })
    .from(contactCompanies)
    .innerJoin(companies, eq(companies.id, contactCompanies.companyId))
    .where(and(inArray(contactCompanies.contactId, contactIds), isNull(companies.deletedAt)))
    .all();
  for (const { contactId, ...company } of rows) out.set(contactId, [...(out.get(contactId) ?? []), company]);
  return out;
}

const sortColumns = { fullName: contacts.fullName, createdAt: contacts.createdAt, updatedAt: contacts.updatedAt } satisfies Record<(typeof sortable)[number], unknown>;

export function contactPage(
  db: Db,
  options: { visible: SQL | undefined; ids: number[] | null; sort: (typeof sortable)[number]; dir: 'asc' | 'desc'; after: Cursor | null; limit: number },
) {
  const column = sortColumns[options.sort];
  return db
    .select({ contact: contacts, responsibleName: users.fullName })
    .from(contacts)
    .leftJoin(users, eq(users.id, contacts.responsibleId))
    .where(
      and(
        isNull(contacts.deletedAt),
        options.visible,
        options.ids ? inArray(contacts.id, options.ids) : undefined,
        keysetAfter(column, contacts.id, options.dir, options.after),
      ),
    )
    .orderBy(...keysetOrder(column, contacts.id, options.dir))
    .limit(options.limit)
    .all();
}
