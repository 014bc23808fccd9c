import { sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Db } from '../../db/connection.js';
import { companies, contactCompanies, contacts, deals, leads, stages } from '../../db/schema/index.js';
import { searchTables, type SearchEntity } from '../../platform/records/search.js';

/** Which companies and contacts the reader may see, so a hit names only those. */
export interface ClientsVisible {
  contact: SQL | undefined;
  company: SQL | undefined;
}

/** A hit with what a result line shows beside its title, read in the same statement. */
export interface MatchRow {
  id: number;
  title: string;
  responsibleId: number;
  /** A deal's stage or a lead's status. */
  stageId: number | null;
  /** A deal's company (or else contact), a contact's companies, a lead's company as typed. */
  client: string | null;
}

const searched = (clients: ClientsVisible): Record<SearchEntity, { table: SQLiteTable; id: SQLiteColumn; title: SQLiteColumn; deletedAt: SQLiteColumn; responsible: SQLiteColumn; stage: SQL; client: SQL }> => ({
  lead: { table: leads, id: leads.id, title: leads.title, deletedAt: leads.deletedAt, responsible: leads.responsibleId, stage: sql`${leads.statusId}`, client: sql`${leads.companyTitle}` },
  contact: {
    table: contacts, id: contacts.id, title: contacts.fullName, deletedAt: contacts.deletedAt, responsible: contacts.responsibleId, stage: sql`NULL`,
    client: sql`(SELECT group_concat(${companies.title}, ', ') FROM ${contactCompanies} JOIN ${companies} ON ${companies.id} = ${contactCompanies.companyId}
      WHERE ${contactCompanies.contactId} = ${contacts.id} AND ${companies.deletedAt} IS NULL AND ${clients.company ?? sql`1`})`,
  },
  company: { table: companies, id: companies.id, title: companies.title, deletedAt: companies.deletedAt, responsible: companies.responsibleId, stage: sql`NULL`, client: sql`NULL` },
  deal: {
    table: deals, id: deals.id, title: deals.title, deletedAt: deals.deletedAt, responsible: deals.responsibleId, stage: sql`${deals.stageId}`,
    client: sql`coalesce(
      (SELECT ${companies.title} FROM ${companies} WHERE ${companies.id} = ${deals.companyId} AND ${companies.deletedAt} IS NULL AND ${clients.company ?? sql`1`}),
      (SELECT ${contacts.fullName} FROM ${contacts} WHERE ${contacts.id} = ${deals.contactId} AND ${contacts.deletedAt} IS NULL AND ${clients.contact ?? sql`1`}))`,
  },
});

/**
 * The first `limit` live records of one entity matching the FTS expression that the user may read
 * (`visible`, from the access module). The index is read first (CROSS JOIN fixes the order) and the
 * scan stops at `limit` hits, so a common surname does not collect thousands of ids first.
 */
export function matchingRecords(db: Db, entity: SearchEntity, match: string, visible: SQL | undefined, clients: ClientsVisible, limit: number): MatchRow[] {
  const { table, id, title, deletedAt, responsible, stage, client } = searched(clients)[entity];
  const index = sql.identifier(searchTables[entity]);
  return db.all<MatchRow>(sql`
    SELECT ${id} AS id, ${title} AS title, ${responsible} AS responsibleId, ${stage} AS stageId, ${client} AS client
    FROM ${index} CROSS JOIN ${table} ON ${id} = ${index}.rowid
    WHERE ${index} MATCH ${match} AND ${deletedAt} IS NULL ${visible ? sql`AND ${visible}` : sql``}
    LIMIT ${limit}`);
}

/** The open deals (in an open stage) of some contacts that the reader may see, newest first, at most `perContact` each. */
export function openDealsOf(db: Db, contactIds: number[], visible: SQL | undefined, perContact: number) {
  if (contactIds.length === 0) return [];
  return db.all<{ id: number; title: string; stageId: number; contactId: number }>(sql`
    SELECT id, title, stageId, contactId FROM (
      SELECT ${deals.id} AS id, ${deals.title} AS title, ${deals.stageId} AS stageId, ${deals.contactId} AS contactId,
        row_number() OVER (PARTITION BY ${deals.contactId} ORDER BY ${deals.id} DESC) AS n
      FROM ${deals} JOIN ${stages} ON ${stages.id} = ${deals.stageId}
      WHERE ${deals.contactId} IN (SELECT value FROM json_each(${JSON.stringify(contactIds)})) AND ${deals.deletedAt} IS NULL
        AND ${stages.semantics} = 'open' AND ${visible ?? sql`1`})
    WHERE n <= ${perContact} ORDER BY contactId, id DESC`);
}
