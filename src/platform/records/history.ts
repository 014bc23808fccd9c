import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/connection.js';
import { prepared } from '../../db/prepared.js';
import { history, users } from '../../db/schema/index.js';

/**
 * "merged": oldValue names the record merged into this one, newValue the one this was merged into;
 * "converted": oldValue is the lead a record was made from, newValue what a lead became — both as
 * refText() writes them, so the words are the reader's.
 */
/** 'activity': an activity bound to the record was completed (field: its type, newValue: its subject). */
/** 'activityChanged': an activity bound to the record was edited (field: its type, old/newValue: its subject before and after). */
/** 'document': a quote's or invoice's event (field: e.g. invoiceCreated, invoiceStatus, invoicePayment; oldValue: the status or amount; newValue: its number). */
export type HistoryKind = 'created' | 'changed' | 'deleted' | 'restored' | 'comment' | 'converted' | 'merged' | 'activity' | 'activityChanged' | 'document';

export function recordEvent(
  db: Db,
  entry: { entity: string; entityId: number; at: number; userId: number | null; kind: HistoryKind; field?: string; oldValue?: string | null; newValue?: string | null },
): void {
  db.insert(history).values({ ...entry, field: entry.field ?? null, oldValue: entry.oldValue ?? null, newValue: entry.newValue ?? null }).run();
}

const shown = (v: unknown): string | null => (v === null || v === undefined || v === '' ? null : String(v));

/** Records one "changed" entry per field whose shown value differs; returns the fields that changed. */
export function recordChanges(
  db: Db,
  where: { entity: string; entityId: number; at: number; userId: number | null },
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): string[] {
  const changed: string[] = [];
  for (const field of Object.keys(after)) {
    const oldValue = shown(before[field]);
    const newValue = shown(after[field]);
    if (oldValue === newValue) continue;
    changed.push(field);
    recordEvent(db, { ...where, kind: 'changed', field, oldValue, newValue });
  }
  return changed;
}

export interface RecordRef {
  entity: 'lead' | 'contact' | 'company' | 'deal';
  id: number;
  /** The record's name at the time, when the entry keeps it (a merge). */
  label?: string;
}

/** Records named in a history value ("contact:3,deal:7", "contact:5 (Petrov)"), so each reader sees the words in their language. */
export function refText(refs: RecordRef[]): string {
  return refs.map((r) => `${r.entity}:${r.id}${r.label ? ` (${r.label})` : ''}`).join(',');
}

const refShape = /^(lead|contact|company|deal):(\d+)(?: \((.*)\))?$/s;

function refsOf(value: string | null): RecordRef[] {
  const one = refShape.exec(value ?? '');
  if (one?.[3] !== undefined) return [{ entity: one[1] as RecordRef['entity'], id: Number(one[2]), label: one[3] }];
  return (value ?? '').split(',').flatMap((part) => {
    const m = refShape.exec(part);
    return m ? [{ entity: m[1] as RecordRef['entity'], id: Number(m[2]) }] : [];
  });
}

/** A history row with the records its entry names (`refs`), for a conversion or a merge. */
export function withRefs<T extends { entry: { kind: string; oldValue: string | null; newValue: string | null } }>(row: T): T & { refs?: RecordRef[] } {
  return row.entry.kind === 'converted' || row.entry.kind === 'merged' ? { ...row, refs: refsOf(row.entry.oldValue ?? row.entry.newValue) } : row;
}

/** A record's history, oldest first. */
export function historyOf(db: Db, entity: string, entityId: number): { entry: typeof history.$inferSelect; userName: string | null; refs?: RecordRef[] }[] {
  const rows = prepared(db, 'history.of', () =>
    db
      .select({ entry: history, userName: users.fullName })
      .from(history)
      .leftJoin(users, eq(users.id, history.userId))
      .where(and(eq(history.entity, sql.placeholder('entity')), eq(history.entityId, sql.placeholder('entityId'))))
      .orderBy(asc(history.at), asc(history.id))
      .prepare(),
  ).all({ entity, entityId });
  return rows.map(withRefs);
}
