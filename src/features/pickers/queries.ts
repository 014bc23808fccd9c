import { and, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/connection.js';
import { companies, contacts } from '../../db/schema/index.js';

export type PickEntity = 'contact' | 'company';

const tables = {
  contact: { table: contacts, title: contacts.fullName, id: contacts.id, responsible: contacts.responsibleId, deletedAt: contacts.deletedAt },
  company: { table: companies, title: companies.title, id: companies.id, responsible: companies.responsibleId, deletedAt: companies.deletedAt },
} as const;

export function responsibleColumn(entity: PickEntity) {
  return tables[entity].responsible;
}

/**
 * Live records of the kind among `ids` that also meet `visible` (the access condition), by title.
 * Written as SQL: every record page asks this for its contacts and companies, and drizzle's query
 * builder took longer to build the statement than SQLite takes to run it.
 */
export function recordsByIds(db: Db, entity: PickEntity, ids: number[], visible: SQL | undefined, limit: number) {
  if (ids.length === 0) return [];
  const t = tables[entity];
  return db.all<{ id: number; title: string; responsibleId: number }>(sql`
    SELECT ${t.id} AS id, ${t.title} AS title, ${t.responsible} AS responsibleId FROM ${t.table}
    WHERE ${and(inArray(t.id, ids), isNull(t.deletedAt), visible)}
    ORDER BY ${t.title}, ${t.id} LIMIT ${limit}`);
}
