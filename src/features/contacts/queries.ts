import { and, eq, inArray, isNotNull, isNull, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/connection.js';
import { prepared } from '../../db/prepared.js';
import { companies, contactCompanies, contacts } from '../../db/schema/index.js';
import { column, commField, fewHolding, heldField, oneOf, referenceField, responsibleField, timeFields, titleField } from '../../platform/records/list/common.js';
import { field, type ListField } from '../../platform/records/list/fields.js';
import { customListFields } from '../../platform/records/custom/list.js';
import type { Locale } from '../../platform/i18n/index.js';

export type ContactRow = typeof contacts.$inferSelect;

/** A live record by id; every page and form about it reads it, so the query is built once (db/prepared.ts). */
export function findContact(db: Db, id: number): ContactRow | null {
  return prepared(db, 'contacts.find', () => db.select().from(contacts).where(and(eq(contacts.id, sql.placeholder('id')), isNull(contacts.deletedAt))).prepare()).get({ id }) ?? null;
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

/**
 * The contact list's fields (platform/records/list). The companies column names only the companies
 * this user may read (`companiesVisible`, the company read condition).
 */
export function contactListFields(db: Db, companiesVisible: SQL | undefined, locale: Locale): ListField[] {
  const companyNames = sql`(SELECT group_concat(title, ', ') FROM (SELECT ${companies.title} AS title FROM ${contactCompanies} JOIN ${companies} ON ${companies.id} = ${contactCompanies.companyId} WHERE ${contactCompanies.contactId} = ${contacts.id} AND ${companies.deletedAt} IS NULL AND ${companiesVisible ?? sql`1`} ORDER BY ${companies.title}))`;
  return [
    titleField(db, 'contact', 'fullName', 'contacts.field.name', contacts.fullName, contacts.id),
    heldField(db, 'contact', 'position', 'contacts.field.position', contacts.position, contacts.id),
    field('text', 'companies', 'contacts.field.companies', companyNames, {
      sortable: false,
      match: (m) => {
        const few = fewHolding(db, 'company', m.typed);
        return sql`${contacts.id} IN (SELECT ${contactCompanies.contactId} FROM ${contactCompanies} JOIN ${companies} ON ${companies.id} = ${contactCompanies.companyId} WHERE ${few ? sql`${oneOf(companies.id, few)} AND ` : sql``}${companies.deletedAt} IS NULL AND ${companiesVisible ?? sql`1`} AND ${m.test(sql`${companies.title}`)})`;
      },
    }),
    commField('contact', contacts.id, 'phone', 'contacts.field.phone'),
    commField('contact', contacts.id, 'email', 'contacts.field.email'),
    referenceField(db, 'type', 'contacts.field.type', contacts.typeId, 'contactType', locale),
    referenceField(db, 'source', 'contacts.field.source', contacts.sourceId, 'source', locale),
    field('date', 'birthday', 'contacts.field.birthday', column(contacts.birthday)),
    responsibleField(db, contacts.responsibleId),
    ...timeFields(contacts.createdAt, contacts.updatedAt),
    ...customListFields(db, 'contact', contacts.custom),
  ];
}
