import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db, Sqlite } from '../../db/connection.js';
import { importJobs, importPresets, importRejects } from '../../db/schema/index.js';

export type ImportJobRow = typeof importJobs.$inferSelect;
export type RejectRow = typeof importRejects.$inferSelect;
export type PresetRow = typeof importPresets.$inferSelect;

export function insertJob(db: Db, values: typeof importJobs.$inferInsert): ImportJobRow {
  return db.insert(importJobs).values(values).returning().get();
}

export function findJob(db: Db, id: number): ImportJobRow | null {
  return db.select().from(importJobs).where(eq(importJobs.id, id)).get() ?? null;
}

export function updateJob(db: Db, id: number, changes: Partial<typeof importJobs.$inferInsert>): void {
  db.update(importJobs).set(changes).where(eq(importJobs.id, id)).run();
}

export function recentJobs(db: Db, userId: number, entity: string, limit = 10): ImportJobRow[] {
  return db.select().from(importJobs).where(and(eq(importJobs.userId, userId), eq(importJobs.entity, entity))).orderBy(desc(importJobs.id)).limit(limit).all();
}

/** Jobs a previous process was running when it stopped; they did not finish and are marked so, with where they stopped. */
export function markInterrupted(db: Db, now: number): number {
  return db.update(importJobs).set({ status: 'interrupted', finishedAt: now }).where(eq(importJobs.status, 'running')).run().changes;
}

export function insertRejects(db: Db, rows: (typeof importRejects.$inferInsert)[]): void {
  for (let i = 0; i < rows.length; i += 200) db.insert(importRejects).values(rows.slice(i, i + 200)).run();
}

export function rejectsOf(db: Db, jobId: number, limit?: number): RejectRow[] {
  const q = db.select().from(importRejects).where(eq(importRejects.jobId, jobId)).orderBy(importRejects.rowNo);
  return limit ? q.limit(limit).all() : q.all();
}

export function presetsOf(db: Db, entity: string): PresetRow[] {
  return db.select().from(importPresets).where(eq(importPresets.entity, entity)).orderBy(importPresets.name).all();
}

export function findPreset(db: Db, id: number): PresetRow | null {
  return db.select().from(importPresets).where(eq(importPresets.id, id)).get() ?? null;
}

/** A preset of the same name for the entity is replaced. */
export function savePreset(db: Db, values: typeof importPresets.$inferInsert): PresetRow {
  db.delete(importPresets).where(and(eq(importPresets.entity, values.entity), eq(importPresets.name, values.name))).run();
  return db.insert(importPresets).values(values).returning().get();
}

/**
 * Lookups the import makes per row, as prepared statements (building a drizzle query per row would
 * cost more than running it; see docs/decisions.md, "1C exchange"). Names and e-mails compare as
 * stored; callers pass trimmed values.
 */
export function lookups(sqlite: Sqlite) {
  const s = {
    usersAll: sqlite.prepare<[], { id: number; email: string; full_name: string }>('SELECT id, email, full_name FROM users WHERE is_active = 1'),
    byComm: sqlite.prepare<[string, string, string], { id: number }>(
      // `+c.entity`: only the lookup index answers this; the owner index (entity, entity_id) would walk every contact.
      `SELECT c.entity_id AS id FROM communications c INDEXED BY communications_lookup WHERE c.kind = ? AND c.normalized = ? AND +c.entity = ? LIMIT 5`,
    ),
    contactByName: sqlite.prepare<[string], { id: number }>('SELECT id FROM contacts WHERE full_name = ? AND deleted_at IS NULL ORDER BY id LIMIT 1'),
    companyByTitle: sqlite.prepare<[string], { id: number }>('SELECT id FROM companies WHERE title = ? AND deleted_at IS NULL ORDER BY id LIMIT 1'),
    companyByTaxId: sqlite.prepare<[string], { id: number }>('SELECT id FROM companies WHERE tax_id = ? AND deleted_at IS NULL ORDER BY id LIMIT 1'),
    leadByTitle: sqlite.prepare<[string], { id: number }>('SELECT id FROM leads WHERE title = ? AND deleted_at IS NULL ORDER BY id LIMIT 1'),
    dealByTitle: sqlite.prepare<[string], { id: number }>('SELECT id FROM deals WHERE title = ? AND deleted_at IS NULL ORDER BY id LIMIT 1'),
    productByName: sqlite.prepare<[string], { id: number }>('SELECT id FROM products WHERE name = ? AND deleted_at IS NULL ORDER BY id LIMIT 1'),
    productBySku: sqlite.prepare<[string], { id: number }>('SELECT id FROM products WHERE sku = ? AND deleted_at IS NULL ORDER BY id LIMIT 1'),
  };
  /** Communications of deleted records still sit in the table: the owner must be live. */
  const live: Record<string, ReturnType<Sqlite['prepare']>> = {
    contact: sqlite.prepare('SELECT 1 FROM contacts WHERE id = ? AND deleted_at IS NULL'),
    company: sqlite.prepare('SELECT 1 FROM companies WHERE id = ? AND deleted_at IS NULL'),
    lead: sqlite.prepare('SELECT 1 FROM leads WHERE id = ? AND deleted_at IS NULL'),
  };
  return {
    activeUsers: () => s.usersAll.all(),
    byComm(entity: string, kind: string, normalized: string): number | null {
      for (const found of s.byComm.all(kind, normalized, entity)) if (live[entity]?.get(found.id)) return found.id;
      return null;
    },
    contactByName: (name: string) => s.contactByName.get(name)?.id ?? null,
    companyByTitle: (title: string) => s.companyByTitle.get(title)?.id ?? null,
    companyByTaxId: (taxId: string) => s.companyByTaxId.get(taxId)?.id ?? null,
    leadByTitle: (title: string) => s.leadByTitle.get(title)?.id ?? null,
    dealByTitle: (title: string) => s.dealByTitle.get(title)?.id ?? null,
    productByName: (name: string) => s.productByName.get(name)?.id ?? null,
    productBySku: (sku: string) => s.productBySku.get(sku)?.id ?? null,
  };
}
export type Lookups = ReturnType<typeof lookups>;

export const countRejects = (db: Db, jobId: number): number => db.get<{ n: number }>(sql`SELECT count(*) AS n FROM import_rejects WHERE job_id = ${jobId}`).n;
