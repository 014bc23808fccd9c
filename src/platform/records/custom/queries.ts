import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../../db/connection.js';
import { prepared } from '../../../db/prepared.js';
import { customFields } from '../../../db/schema/index.js';
import { toDef, type CustomDef, type CustomEntity } from './definitions.js';
import { memo } from '../../../db/memo.js';

/** The definitions of an entity in their order; only the active ones unless asked. Every list and record page reads them. */
export function customDefs(db: Db, entity: CustomEntity, all = false): CustomDef[] {
  const query = (active: boolean) =>
    db
      .select()
      .from(customFields)
      .where(and(eq(customFields.entity, sql.placeholder('entity')), active ? eq(customFields.active, true) : undefined))
      .orderBy(asc(customFields.sort), asc(customFields.id))
      .prepare();
  return memo(db, `custom.defs.${entity}.${all}`, () =>
    (all ? prepared(db, 'custom.defs.all', () => query(false)) : prepared(db, 'custom.defs.active', () => query(true))).all({ entity }).map(toDef),
  );
}

export function findCustomDef(db: Db, id: number): CustomDef | null {
  const row = db.select().from(customFields).where(eq(customFields.id, id)).get();
  return row ? toDef(row) : null;
}

const tables: Record<CustomEntity, string> = { lead: 'leads', contact: 'contacts', company: 'companies', deal: 'deals' };

/** Does any record (the recycle bin included) hold a value for this field? */
export function holdsValues(db: Db, entity: CustomEntity, code: string): boolean {
  const table = sql.raw(tables[entity]);
  return db.all(sql`SELECT 1 FROM ${table} WHERE json_extract(custom, ${'$.' + code}) IS NOT NULL LIMIT 1`).length > 0;
}

/** A live contact or company's owner, for the access check of a link to it; undefined when there is none. */
export function linkedRecord(db: Db, table: 'contacts' | 'companies', id: number) {
  return db.get<{ responsible_id: number } | undefined>(sql`SELECT responsible_id FROM ${sql.raw(table)} WHERE id = ${id} AND deleted_at IS NULL`);
}

/** The name a link shows: a user's or contact's full name, a company's title. */
export function linkedName(db: Db, target: 'user' | 'contact' | 'company', id: number): string | null {
  const row =
    target === 'company'
      ? db.get<{ n: string } | undefined>(sql`SELECT title AS n FROM companies WHERE id = ${id}`)
      : db.get<{ n: string } | undefined>(sql`SELECT full_name AS n FROM ${sql.raw(target === 'user' ? 'users' : 'contacts')} WHERE id = ${id}`);
  return row?.n ?? null;
}
