import { asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/connection.js';
import { deals, leadStatuses, pipelines, referenceItems, stages } from '../../db/schema/index.js';
import type { StageRow } from './rows.js';
import { memo } from '../../db/memo.js';

export type PipelineRow = typeof pipelines.$inferSelect;
export type StageRecord = typeof stages.$inferSelect;

export function allPipelines(db: Db): PipelineRow[] {
  return memo(db, 'pipelines', () => db.select().from(pipelines).orderBy(asc(pipelines.sort), asc(pipelines.id)).all());
}

export function findPipeline(db: Db, id: number): PipelineRow | null {
  return allPipelines(db).find((p) => p.id === id) ?? null;
}

export function insertPipeline(db: Db, name: string, now: number, code: string | null = null): PipelineRow {
  const last = db.select({ max: sql<number | null>`max(${pipelines.sort})` }).from(pipelines).get()?.max ?? 0;
  return db.insert(pipelines).values({ name, code, sort: last + 10, createdAt: now }).returning().get();
}

export function updatePipeline(db: Db, id: number, changes: Partial<typeof pipelines.$inferInsert>): void {
  db.update(pipelines).set(changes).where(eq(pipelines.id, id)).run();
}

export function deletePipeline(db: Db, id: number): void {
  db.delete(stages).where(eq(stages.pipelineId, id)).run();
  db.delete(pipelines).where(eq(pipelines.id, id)).run();
}

export function stagesOf(db: Db, pipelineId: number): StageRecord[] {
  return memo(db, `stages.${pipelineId}`, () => db.select().from(stages).where(eq(stages.pipelineId, pipelineId)).orderBy(asc(stages.sort)).all());
}

/** Every stage of every pipeline, for naming stages by id. */
export function allStages(db: Db): StageRecord[] {
  return memo(db, 'stages.all', () => db.select().from(stages).all());
}

/**
 * Makes a stored ordered list match the edited rows: rows with a known id are updated, rows without
 * one inserted, stored rows no longer present deleted.
 */
function syncRows<R extends { id: number | null }>(
  existingIds: number[],
  rows: R[],
  ops: { update(id: number, row: R): void; insert(row: R): void; remove(id: number): void },
): void {
  const existing = new Set(existingIds);
  const kept = new Set<number>();
  for (const r of rows) {
    if (r.id !== null && existing.has(r.id)) {
      ops.update(r.id, r);
      kept.add(r.id);
    } else {
      ops.insert(r);
    }
  }
  for (const id of existing) if (!kept.has(id)) ops.remove(id);
}

const stageValues = (r: StageRow) => ({ name: r.name, color: r.color, semantics: r.semantics, sort: r.sort });

export function saveStages(db: Db, pipelineId: number, rows: StageRow[]): void {
  syncRows(stagesOf(db, pipelineId).map((s) => s.id), rows, {
    update: (id, r) => db.update(stages).set(stageValues(r)).where(eq(stages.id, id)).run(),
    insert: (r) => db.insert(stages).values({ ...stageValues(r), code: r.code ?? null, pipelineId }).run(),
    remove: (id) => db.delete(stages).where(eq(stages.id, id)).run(),
  });
}

/** Deals (deleted ones included: they may be restored) in a pipeline, or in given stages. */
export function dealCount(db: Db, where: { pipelineId?: number; stageIds?: number[] }): number {
  if (where.stageIds && where.stageIds.length === 0) return 0;
  const condition = where.pipelineId !== undefined ? eq(deals.pipelineId, where.pipelineId) : inArray(deals.stageId, where.stageIds!);
  return db.select({ n: sql<number>`count(*)` }).from(deals).where(condition).get()!.n;
}

export function allLeadStatuses(db: Db) {
  return memo(db, 'statuses', () => db.select().from(leadStatuses).orderBy(asc(leadStatuses.sort)).all());
}

export function saveLeadStatuses(db: Db, rows: StageRow[]): void {
  syncRows(allLeadStatuses(db).map((s) => s.id), rows, {
    update: (id, r) => db.update(leadStatuses).set(stageValues(r)).where(eq(leadStatuses.id, id)).run(),
    insert: (r) => db.insert(leadStatuses).values({ ...stageValues(r), code: r.code ?? null }).run(),
    remove: (id) => db.delete(leadStatuses).where(eq(leadStatuses.id, id)).run(),
  });
}

export function referenceList(db: Db, list: string) {
  return db.select().from(referenceItems).where(eq(referenceItems.list, list)).orderBy(asc(referenceItems.sort)).all();
}

export function saveReferenceList(db: Db, list: string, rows: { id: number | null; code?: string | null; name: string; sort: number }[]): void {
  syncRows(referenceList(db, list).map((s) => s.id), rows, {
    update: (id, r) => db.update(referenceItems).set({ name: r.name, sort: r.sort }).where(eq(referenceItems.id, id)).run(),
    insert: (r) => db.insert(referenceItems).values({ list, code: r.code ?? null, name: r.name, sort: r.sort }).run(),
    remove: (id) => db.delete(referenceItems).where(eq(referenceItems.id, id)).run(),
  });
}
