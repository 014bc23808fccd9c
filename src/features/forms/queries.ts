import { and, desc, eq, inArray, lt, sql } from 'drizzle-orm';
import type { Db } from '../../db/connection.js';
import { captureThrottle, formRejections, formSubmissions, webForms } from '../../db/schema/index.js';

export type FormRow = typeof webForms.$inferSelect;
export type NewForm = typeof webForms.$inferInsert;
export type SubmissionRow = typeof formSubmissions.$inferSelect;

export function insertForm(db: Db, values: NewForm): FormRow {
  return db.insert(webForms).values(values).returning().get();
}

export function updateForm(db: Db, id: number, values: Partial<NewForm>): void {
  db.update(webForms).set(values).where(eq(webForms.id, id)).run();
}

export function findForm(db: Db, id: number): FormRow | null {
  return db.select().from(webForms).where(eq(webForms.id, id)).get() ?? null;
}

export function findFormByKey(db: Db, key: string): FormRow | null {
  return db.select().from(webForms).where(eq(webForms.key, key)).get() ?? null;
}

export function findFormByApiToken(db: Db, hash: string): FormRow | null {
  return db.select().from(webForms).where(eq(webForms.apiTokenHash, hash)).get() ?? null;
}

export interface FormListRow extends FormRow {
  waiting: number;
  sent: number;
  rejected: number;
}

/** Every form with how many submissions wait, were sent on, and were refused as spam. (drizzle writes a lone table's columns unqualified, so the subqueries name web_forms.id themselves.) */
export function listForms(db: Db): FormListRow[] {
  return db
    .select({
      form: webForms,
      waiting: sql<number>`(SELECT count(*) FROM ${formSubmissions} s WHERE s.form_id = web_forms.id AND s.status = 'waiting')`,
      sent: sql<number>`(SELECT count(*) FROM ${formSubmissions} s WHERE s.form_id = web_forms.id AND s.status = 'sent')`,
      rejected: sql<number>`(SELECT coalesce(sum(r.count), 0) FROM ${formRejections} r WHERE r.form_id = web_forms.id)`,
    })
    .from(webForms)
    .orderBy(sql`${webForms.name} COLLATE NOCASE`, webForms.id)
    .all()
    .map(({ form, ...counts }) => ({ ...form, ...counts }));
}

/** A form goes with its submissions and counters; records it made keep their origin (the form's name). */
export function deleteForm(db: Db, id: number): void {
  db.delete(formSubmissions).where(eq(formSubmissions.formId, id)).run();
  db.delete(formRejections).where(eq(formRejections.formId, id)).run();
  db.delete(webForms).where(eq(webForms.id, id)).run();
}

export function insertSubmission(db: Db, values: typeof formSubmissions.$inferInsert): SubmissionRow {
  return db.insert(formSubmissions).values(values).returning().get();
}

export function findSubmission(db: Db, id: number): SubmissionRow | null {
  return db.select().from(formSubmissions).where(eq(formSubmissions.id, id)).get() ?? null;
}

export function updateSubmission(db: Db, id: number, values: Partial<typeof formSubmissions.$inferInsert>): void {
  db.update(formSubmissions).set(values).where(eq(formSubmissions.id, id)).run();
}

/** Waiting submissions of the given forms, newest first, paged by id. */
export function waitingSubmissions(db: Db, formIds: number[], beforeId: number | null, limit: number): SubmissionRow[] {
  if (formIds.length === 0) return [];
  return db
    .select()
    .from(formSubmissions)
    .where(and(eq(formSubmissions.status, 'waiting'), inArray(formSubmissions.formId, formIds), beforeId ? lt(formSubmissions.id, beforeId) : undefined))
    .orderBy(desc(formSubmissions.id))
    .limit(limit)
    .all();
}

export function countWaiting(db: Db, formIds: number[]): number {
  if (formIds.length === 0) return 0;
  return db.select({ n: sql<number>`count(*)` }).from(formSubmissions).where(and(eq(formSubmissions.status, 'waiting'), inArray(formSubmissions.formId, formIds))).get()?.n ?? 0;
}

export function countRejection(db: Db, formId: number, reason: string, at: number): void {
  db.insert(formRejections)
    .values({ formId, reason, count: 1, lastAt: at })
    .onConflictDoUpdate({ target: [formRejections.formId, formRejections.reason], set: { count: sql`${formRejections.count} + 1`, lastAt: at } })
    .run();
}

export function rejectionsOf(db: Db, formId: number): { reason: string; count: number; lastAt: number }[] {
  return db.select({ reason: formRejections.reason, count: formRejections.count, lastAt: formRejections.lastAt }).from(formRejections).where(eq(formRejections.formId, formId)).all();
}

/** Counts one submission from an address in a fixed window; returns how many it has sent in it. */
export function hitAddress(db: Db, address: string, now: number, windowMs: number): number {
  const row = db.select().from(captureThrottle).where(eq(captureThrottle.address, address)).get();
  const fresh = !row || row.windowStartedAt + windowMs <= now;
  const count = fresh ? 1 : row.count + 1;
  const windowStartedAt = fresh ? now : row.windowStartedAt;
  db.insert(captureThrottle).values({ address, count, windowStartedAt }).onConflictDoUpdate({ target: captureThrottle.address, set: { count, windowStartedAt } }).run();
  // Windows long over say nothing any more; dropping them here keeps the table small without a job.
  if (fresh) db.delete(captureThrottle).where(lt(captureThrottle.windowStartedAt, now - windowMs)).run();
  return count;
}
