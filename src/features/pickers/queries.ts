import { and, asc, inArray, isNull, type SQL } from 'drizzle-orm';
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

/** Live records of the kind among `ids` that also meet `visible` (the access condition), by title. */
export function recordsByIds(db: Db, entity: PickEntity, ids: number[], visible: SQL | undefined, limit: number) {
  if (ids.length === 0) return [];
  const t = tables[entity];
  return db
    .select({ id: t.id, title: t.title, responsibleId: t.responsible })
    .from(t.table)
    .where(and(inArray(t.id, ids), isNull(t.deletedAt), visible))
    .orderBy(asc(t.title), asc(t.id))
    .limit(limit)
    .all();
}
