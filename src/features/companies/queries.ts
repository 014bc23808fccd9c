import { and, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/connection.js';
import { prepared } from '../../db/prepared.js';
import { companies, contactCompanies, contacts } from '../../db/schema/index.js';
import { column, commField, heldField, referenceField, responsibleField, timeFields, titleField } from '../../platform/records/list/common.js';
import { field, type ListField } from '../../platform/records/list/fields.js';
import { customListFields } from '../../platform/records/custom/list.js';
import type { Locale } from '../../platform/i18n/index.js';

export type CompanyRow = typeof companies.$inferSelect;

/** A live (not deleted) company, or null. */
/** A live record by id; every page and form about it reads it, so the query is built once (db/prepared.ts). */
export function findCompany(db: Db, id: number): CompanyRow | null {
  return prepared(db, 'companies.find', () => db.select().from(companies).where(and(eq(companies.id, sql.placeholder('id')), isNull(companies.deletedAt))).prepare()).get({ id }) ?? null;
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

/** The company list's fields (platform/records/list): every column a user may show, sort and filter by. */
export function companyListFields(db: Db, locale: Locale): ListField[] {
  return [
    titleField(db, 'company', 'title', 'companies.field.title', companies.title, companies.id),
    commField('company', companies.id, 'phone', 'companies.field.phone'),
    commField('company', companies.id, 'email', 'companies.field.email'),
    heldField(db, 'company', 'taxId', 'companies.field.taxId', companies.taxId, companies.id),
    heldField(db, 'company', 'legalName', 'companies.field.legalName', companies.legalName, companies.id),
    referenceField(db, 'type', 'companies.field.type', companies.typeId, 'companyType', locale),
    referenceField(db, 'industry', 'companies.field.industry', companies.industryId, 'industry', locale),
    field('text', 'address', 'companies.field.address', column(companies.address)),
    responsibleField(db, companies.responsibleId),
    ...timeFields(companies.createdAt, companies.updatedAt),
    ...customListFields(db, 'company', companies.custom),
  ];
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
