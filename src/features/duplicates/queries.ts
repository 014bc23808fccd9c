import { and, eq, getTableName, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { Db } from '../../db/connection.js';
import { activities, activityBindings, communications, companies, contactCompanies, contacts, deals, documents, history, leads, users } from '../../db/schema/index.js';
import { searchTables } from '../../platform/records/search.js';

export type DupEntity = 'lead' | 'contact' | 'company';

/** What a candidate is matched on; leads are matched by the person's name or by the company title. */
export type NameKey = 'name' | 'companyTitle';

// "Last First Middle" of a lead as leadName() builds it: empty parts leave at most two spaces in a row.
const leadPersonName = sql`trim(replace(coalesce(${leads.lastName}, '') || ' ' || coalesce(${leads.firstName}, '') || ' ' || coalesce(${leads.middleName}, ''), '  ', ' '))`;

const targets = {
  lead: { table: leads, id: leads.id, deletedAt: leads.deletedAt, responsible: leads.responsibleId, label: leads.title, names: { name: leadPersonName, companyTitle: leads.companyTitle } },
  contact: { table: contacts, id: contacts.id, deletedAt: contacts.deletedAt, responsible: contacts.responsibleId, label: contacts.fullName, names: { name: contacts.fullName } },
  company: { table: companies, id: companies.id, deletedAt: companies.deletedAt, responsible: companies.responsibleId, label: companies.title, names: { name: companies.title } },
} satisfies Record<DupEntity, { names: Partial<Record<NameKey, SQL | SQLiteColumn>> } & Record<string, unknown>>;

/** The columns the access rules read (platform/access rowCondition). */
export function accessColumns(entity: DupEntity): { responsible: SQLiteColumn; everyone?: SQLiteColumn } {
  return entity === 'lead' ? { responsible: leads.responsibleId, everyone: leads.everyone } : { responsible: targets[entity].responsible };
}

function nameColumn(entity: DupEntity, key: NameKey): SQL | SQLiteColumn | undefined {
  return (targets[entity].names as Partial<Record<NameKey, SQL | SQLiteColumn>>)[key];
}

interface Scope {
  /** The reader's access condition (platform/access rowCondition); undefined means every row. */
  visible: SQL | undefined;
  /** The record itself, when looking for the duplicates of a saved one. */
  exclude: number | null;
  limit: number;
}

function live(entity: DupEntity, scope: Scope): SQL {
  const t = targets[entity];
  return sql`${t.deletedAt} IS NULL AND ${t.id} <> ${scope.exclude ?? 0} AND ${scope.visible ?? sql`1`}`;
}

/**
 * Live, visible records of `entity` having one of these normalised phones (or e-mails): read through
 * the communications_lookup index (kind, normalized), one kind at a time.
 */
export function matchByComms(db: Db, entity: DupEntity, kind: 'phone' | 'email', normalized: string[], scope: Scope): number[] {
  if (normalized.length === 0) return [];
  const t = targets[entity];
  const rows = db.all<{ id: number }>(sql`
    SELECT DISTINCT ${t.id} AS id
    FROM ${communications} JOIN ${t.table} ON ${t.id} = ${communications.entityId}
    WHERE ${communications.kind} = ${kind} AND ${inArray(communications.normalized, normalized)} AND ${communications.entity} = ${entity} AND ${live(entity, scope)}
    LIMIT ${scope.limit}`);
  return rows.map((r) => r.id);
}

/**
 * Live, visible records whose name (or lead's company title) equals `name` ignoring case. The FTS
 * index (`match`, every word of the name) narrows the rows first, so no table is scanned.
 */
export function matchByName(db: Db, entity: DupEntity, key: NameKey, name: string, match: string, scope: Scope): number[] {
  const t = targets[entity];
  const column = nameColumn(entity, key);
  if (!column) return [];
  const index = sql.identifier(searchTables[entity]);
  const rows = db.all<{ id: number }>(sql`
    SELECT ${t.id} AS id FROM ${t.table}
    WHERE ${t.id} IN (SELECT rowid FROM ${index} WHERE ${index} MATCH ${match})
      AND casefold(${column}) = ${name.toLocaleLowerCase()} AND ${live(entity, scope)}
    ORDER BY ${t.id} DESC
    LIMIT ${scope.limit}`);
  return rows.map((r) => r.id);
}

export interface CandidateRow {
  id: number;
  label: string;
  responsibleId: number;
  everyone: boolean;
  responsibleName: string | null;
}

/** What a candidate shows (its name and responsible) and what access checks read. */
export function labels(db: Db, entity: DupEntity, ids: number[]): Map<number, CandidateRow> {
  if (ids.length === 0) return new Map();
  const t = targets[entity];
  const everyone = entity === 'lead' ? sql`${leads.everyone}` : sql`0`;
  const rows = db.all<Omit<CandidateRow, 'everyone'> & { everyone: number }>(sql`
    SELECT ${t.id} AS id, ${t.label} AS label, ${t.responsible} AS responsibleId, ${everyone} AS everyone, ${users.fullName} AS responsibleName
    FROM ${t.table} LEFT JOIN ${users} ON ${users.id} = ${t.responsible}
    WHERE ${inArray(t.id, ids)}`);
  return new Map(rows.map((r) => [r.id, { ...r, everyone: r.everyone === 1 }]));
}

/**
 * Everything that points at a lead, contact or company and must follow it when it is merged into
 * another. `of` names the entity a plain column points at; `entity` marks a polymorphic reference
 * (an entity column beside the id column). `unique`: a row that would duplicate one the kept record
 * already has is dropped instead (pairs, bindings). A feature adding such a table adds one line here.
 * Communications are not listed: the merge keeps their union itself.
 */
export type Reference = { column: SQLiteColumn; unique?: boolean } & ({ of: DupEntity } | { entity: SQLiteColumn });

export const references: Reference[] = [
  { of: 'contact', column: deals.contactId },
  { of: 'company', column: deals.companyId },
  { of: 'contact', column: leads.contactId },
  { of: 'company', column: leads.companyId },
  { of: 'contact', column: documents.contactId },
  { of: 'company', column: documents.companyId },
  { of: 'contact', column: contactCompanies.contactId, unique: true },
  { of: 'company', column: contactCompanies.companyId, unique: true },
  { entity: history.entity, column: history.entityId },
  { entity: activityBindings.entity, column: activityBindings.entityId, unique: true },
  { entity: activities.entity, column: activities.entityId },
];

/** Moves every reference of `entity` #fromId to #toId (inside the caller's transaction). */
export function repoint(db: Db, entity: DupEntity, fromId: number, toId: number): void {
  for (const ref of references) {
    if ('of' in ref && ref.of !== entity) continue;
    const where = 'entity' in ref ? sql`${ref.entity} = ${entity} AND ${ref.column} = ${fromId}` : sql`${ref.column} = ${fromId}`;
    const table = sql.identifier(getTableName(ref.column.table));
    db.run(sql`UPDATE ${sql.raw(ref.unique ? 'OR IGNORE ' : '')}${table} SET ${sql.identifier(ref.column.name)} = ${toId} WHERE ${where}`);
    if (ref.unique) db.run(sql`DELETE FROM ${table} WHERE ${where}`);
  }
}

/** Deals whose contact or company is this record: their search entries carry its name. */
export function dealIdsOf(db: Db, entity: 'contact' | 'company', id: number): number[] {
  const column = entity === 'contact' ? deals.contactId : deals.companyId;
  return db.select({ id: deals.id }).from(deals).where(and(eq(column, id), isNull(deals.deletedAt))).all().map((r) => r.id);
}

export function contactIdsOfCompany(db: Db, companyId: number): number[] {
  return db
    .select({ id: contactCompanies.contactId })
    .from(contactCompanies)
    .innerJoin(contacts, eq(contacts.id, contactCompanies.contactId))
    .where(and(eq(contactCompanies.companyId, companyId), isNull(contacts.deletedAt)))
    .all()
    .map((r) => r.id);
}

export function deleteComms(db: Db, entity: DupEntity, id: number): void {
  db.delete(communications).where(and(eq(communications.entity, entity), eq(communications.entityId, id))).run();
}
