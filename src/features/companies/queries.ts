import { and, eq, inArray, isNotNull, isNull, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/connection.js';
import { companies, contactCompanies, contacts, users } from '../../db/schema/index.js';
import { keysetAfter, keysetOrder, type Cursor } from '../../platform/records/paging.js';
import type { sortable } from './form.js';

export type CompanyRow = typeof companies.$inferSelect;

/** A live (not deleted) company, or null. */
export function findCompany(db: Db, id: number): CompanyRow | null {
  return db.select().from(companies).where(and(eq(companies.id, id), isNull(companies.deletedAt))).get() ?? null;
}

export function findDeletedCompany(db: Db, id: number): CompanyRow | null {
  return db.select().from(companies).where(and(eq(companies.id, id), isNotNull(companies.deletedAt))).get() ?? null;
}

export function insertCompany(db: Db, values: typeof companies.$inferInsert): CompanyRow {
  return db.insert(companies).values(values).returning().get();
}

export function updateCompany(db: Db, id: number, values: Partial<typeof companies.$inferInsert>): void {
  db.update(companies).set(values).where(eq(companies.id, id)).run();
}

export const sortColumns = { title: companies.title, createdAt: companies.createdAt, updatedAt: companies.updatedAt } satisfies Record<(typeof sortable)[number], unknown>;

/** One page of live companies matching `visible` (the access condition) and, when given, the search ids. */
export function companyPage(
  db: Db,
  options: { visible: SQL | undefined; ids: number[] | null; sort: (typeof sortable)[number]; dir: 'asc' | 'desc'; after: Cursor | null; limit: number },
) {
  const column = sortColumns[options.sort];
  return db
    .select({ company: companies, responsibleName: users.fullName })
    .from(companies)
    .leftJoin(users, eq(users.id, companies.responsibleId))
    .where(
      and(
        isNull(companies.deletedAt),
        options.visible,
        options.ids ? inArray(companies.id, options.ids) : undefined,
        keysetAfter(column, companies.id, options.dir, options.after),
      ),
    )
    .orderBy(...keysetOrder(column, companies.id, options.dir))
    .limit(options.limit)
    .all();
}

export function contactsOfCompany(db: Db, companyId: number) {
  return db
    .select({ id: contacts.id, fullName: contacts.fullName, position: contacts.position, responsibleId: contacts.responsibleId })
    .from(contactCompanies)
    .innerJoin(contacts, eq(contacts.id, contactCompanies.contactId))
    .where(and(eq(contactCompanies.companyId, companyId), isNull(contacts.deletedAt)))
    .orderBy(contacts.fullName)
    .all();
}
