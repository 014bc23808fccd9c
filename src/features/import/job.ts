import fs from 'node:fs';
import type { AppContext } from '../../context.js';
import { users } from '../../db/schema/index.js';
import { eq } from 'drizzle-orm';
import { audit } from '../../platform/audit.js';
import { toCurrentUser, type CurrentUser } from '../../platform/auth/sessions.js';
import { readTable } from '../../platform/import/table.js';
import type { ImportOptions } from './convert.js';
import { importFields, type ImportEntity, type ImportField } from './fields.js';
import { importRow, makePlan } from './rows.js';
import * as q from './queries.js';

/**
 * An import runs as a task of the process (as the 1C exchange's imports do): BATCH rows per
 * transaction (fewer when they take longer than BATCH_MS), then a turn of the event loop so other users' requests are answered between batches.
 * Each batch commits its records, its rejected rows, the counts and the new position together, so
 * after a cancel, a failure or a crash the job says exactly which rows are in: the first `position`
 * rows of the file (docs/decisions.md, "Import"). Cancel is asked for between batches.
 */
export const BATCH = 500;
/**
 * A batch also ends when its rows have taken this long, so that on a slow or busy machine other
 * requests never wait behind a batch much longer than this (each commit costs an fsync, so batches
 * are not made smaller than they need to be).
 */
export const BATCH_MS = 100;

interface Running {
  cancel: boolean;
  done: Promise<void>;
}

const running = new WeakMap<AppContext, Map<number, Running>>();

function registry(ctx: AppContext): Map<number, Running> {
  let map = running.get(ctx);
  if (!map) running.set(ctx, (map = new Map()));
  return map;
}

export const isRunning = (ctx: AppContext, jobId: number): boolean => registry(ctx).has(jobId);

/** Resolves when the job's task ends (at once when none runs). */
export function settled(ctx: AppContext, jobId: number): Promise<void> {
  return registry(ctx).get(jobId)?.done ?? Promise.resolve();
}

/** Asks a running job to stop after its current batch; a job not running (interrupted) is marked cancelled at once. */
export function cancelJob(ctx: AppContext, job: q.ImportJobRow): void {
  const task = registry(ctx).get(job.id);
  if (task) task.cancel = true;
  else if (job.status === 'interrupted' || job.status === 'draft') {
    q.updateJob(ctx.db, job.id, { status: 'cancelled', finishedAt: job.finishedAt ?? ctx.clock.now() });
    dropFile(job);
  }
}

export function parseOptions(json: string): ImportOptions {
  return JSON.parse(json) as ImportOptions;
}

export function mappingOf(ctx: AppContext, job: q.ImportJobRow): Map<number, ImportField> {
  const fields = importFields(ctx.db, job.entity as ImportEntity);
  const raw = JSON.parse(job.mapping) as Record<string, string>;
  const out = new Map<number, ImportField>();
  for (const [index, key] of Object.entries(raw)) {
    const field = fields.find((f) => f.key === key);
    if (field) out.set(Number(index), field);
  }
  return out;
}

function dropFile(job: q.ImportJobRow): void {
  if (job.filePath) fs.rmSync(job.filePath, { force: true });
}

/**
 * Runs one batch's transaction with synchronous=NORMAL instead of the connection's FULL: in WAL mode
 * the commit is then not fsynced at once (an fsync cost ~50 ms a batch here, more than the batch
 * itself), but it is still atomic, and it is fsynced with the next FULL commit or checkpoint. A power
 * cut can therefore lose the last batches — together with the position recorded in them, so the job
 * still says exactly which rows are in, and it comes back as "interrupted" to continue from there.
 * Nothing else runs on the connection meanwhile (the batch never yields), so every other write keeps
 * FULL.
 */
function relaxedCommit<T>(ctx: AppContext, work: () => T): T {
  ctx.sqlite.pragma('synchronous = NORMAL');
  try {
    return work();
  } finally {
    ctx.sqlite.pragma('synchronous = FULL');
  }
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

function userOf(ctx: AppContext, id: number): CurrentUser | null {
  const row = ctx.db.select().from(users).where(eq(users.id, id)).get();
  return row && row.isActive ? toCurrentUser(ctx.db, row) : null;
}

/** Starts (or, for an interrupted job, continues from its position) the job in the background. */
export function startJob(ctx: AppContext, jobId: number, ip: string | null): void {
  const map = registry(ctx);
  if (map.has(jobId)) return;
  const task: Running = { cancel: false, done: Promise.resolve() };
  map.set(jobId, task);
  q.updateJob(ctx.db, jobId, { status: 'running', startedAt: ctx.clock.now(), finishedAt: null, error: null });
  task.done = run(ctx, jobId, task, ip)
    .catch((err: unknown) => {
      ctx.logger.error({ err, jobId }, 'import failed');
      q.updateJob(ctx.db, jobId, { status: 'failed', error: err instanceof Error ? err.message : String(err), finishedAt: ctx.clock.now() });
    })
    .finally(() => map.delete(jobId));
}

async function run(ctx: AppContext, jobId: number, task: Running, ip: string | null): Promise<void> {
  const job = q.findJob(ctx.db, jobId)!;
  const user = userOf(ctx, job.userId);
  if (!user || !job.filePath) throw new Error('the importing user or the file is gone');
  const table = await readTable(job.filePath);
  const plan = makePlan(ctx, job.entity as ImportEntity, table.headers, mappingOf(ctx, job), parseOptions(job.options));
  const counts = { created: job.created, updated: job.updated, skipped: job.skipped, rejected: job.rejected };
  const startedAt = ctx.clock.now();
  let position = job.position;
  q.updateJob(ctx.db, jobId, { totalRows: table.rows.length });
  while (position < table.rows.length) {
    if (task.cancel) break;
    const limit = Math.min(position + BATCH, table.rows.length);
    const from = position;
    const began = performance.now();
    // The batch commits without waiting for the disk (see relaxedCommit); the next write of anyone else makes it durable.
    position = relaxedCommit(ctx, () => ctx.sqlite.transaction(() => {
      const rejects: { jobId: number; rowNo: number; reasons: string; cells: string }[] = [];
      let i = from;
      for (; i < limit && (i === from || performance.now() - began < BATCH_MS); i++) {
        const row = table.rows[i]!;
        const result = importRow(ctx, user, plan, row, true);
        counts[result.outcome]++;
        // Row numbers as a spreadsheet shows them: the header is row 1.
        if (result.outcome === 'rejected') rejects.push({ jobId, rowNo: i + 2, reasons: JSON.stringify(result.reasons), cells: JSON.stringify(row) });
      }
      q.insertRejects(ctx.db, rejects);
      q.updateJob(ctx.db, jobId, { position: i, ...counts });
      return i;
    })());
    await turn();
  }
  const status = position < table.rows.length ? 'cancelled' : 'done';
  const now = ctx.clock.now();
  ctx.sqlite.transaction(() => {
    q.updateJob(ctx.db, jobId, { status, finishedAt: now, filePath: null });
    audit(ctx.db, { userId: user.id, ip }, 'import.finished', now, { job: jobId, entity: job.entity, file: job.fileName, status, rows: position, total: table.rows.length, ...counts });
  })();
  dropFile(job);
  ctx.logger.info({ jobId, entity: job.entity, status, rows: position, ms: now - startedAt, ...counts }, 'import finished');
}

/** At start: jobs a previous process left "running" are marked interrupted, keeping their position and file so they may be continued. */
export function recoverJobs(ctx: AppContext): void {
  const n = q.markInterrupted(ctx.db, ctx.clock.now());
  if (n) ctx.logger.warn({ jobs: n }, 'imports interrupted by a restart');
}
