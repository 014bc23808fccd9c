import { sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Db } from '../../db/connection.js';
import { companies, contacts, deals, leads } from '../../db/schema/index.js';
import { searchTables, type SearchEntity } from '../../platform/records/search.js';

const searched: Record<SearchEntity, { table: SQLiteTable; id: SQLiteColumn; title: SQLiteColumn; deletedAt: SQLiteColumn }> = {
  lead: { table: leads, id: leads.id, title: leads.title, deletedAt: leads.deletedAt },
  contact: { table: contacts, id: contacts.id, title: contacts.fullName, deletedAt: contacts.deletedAt },
  company: { table: companies, id: companies.id, title: companies.title, deletedAt: companies.deletedAt },
  deal: { table: deals, id: deals.id, title: deals.title, deletedAt: deals.deletedAt },
};

/**
 * The first `limit` live records of one entity matching the FTS expression that the user may read
 * (`visible`, from the access module). The index is read first (CROSS JOIN fixes the order) and the
 * scan stops at `limit` hits, so a common surname does not collect thousands of ids first.
 */
export function matchingRecords(db: Db, entity: SearchEntity, match: string, visible: SQL | undefined, limit: number) {
  const { table, id, title, deletedAt } = searched[entity];
  const index = sql.identifier(searchTables[entity]);
  return db.all<{ id: number; title: string }>(sql`
    SELECT ${id} AS id, ${title} AS title
    FROM ${index} CROSS JOIN ${table} ON ${id} = ${index}.rowid
    WHERE ${index} MATCH ${match} AND ${deletedAt} IS NULL ${visible ? sql`AND ${visible}` : sql``}
    LIMIT ${limit}`);
}
