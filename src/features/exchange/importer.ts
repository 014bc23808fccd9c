import fs from 'node:fs';
import path from 'node:path';
import type { AppContext } from '../../context.js';
import { checkCommerceMLFile, readCommerceMLFile } from '../../integrations/commerceml/reader.js';
import { CmlFormatError } from '../../integrations/commerceml/xml.js';
import { unzip, ZipRefused } from '../../integrations/commerceml/zip.js';
import { finishRun, insertRun } from './queries.js';
import type { ImportSink, SinkContext, SinkFactory } from './sink.js';

/**
 * Imports run as tasks in the background of the process, one file at a time, and yield to the event
 * loop between batches so the server keeps answering users while 50 000 products go in. A protocol
 * request only waits for its task a slice of time and answers "progress" while it is not done; 1C
 * asks again. A task is found again by its key (session and file name) on the next request.
 *
 * Every file is read twice: a check pass that counts its records and fails a malformed file before
 * anything is written, then the write pass. A server restart drops the tasks in memory: 1C's next
 * `import` starts the file over, which is safe because every write is an upsert by 1C id.
 */
export type Stage = 'unzip' | 'check' | 'write';

export interface TaskStatus {
  state: 'running' | 'done' | 'failed';
  stage: Stage;
  /** Records checked or written so far, and the file's total once the check pass has counted it. */
  processed: number;
  total: number | null;
  counts: Record<string, number>;
  /** Why it failed, for `failure\n<reason>`: a translation key and its parameters. */
  error?: ImportError;
}

export interface ImportError {
  key: 'exchange.failure.badXml' | 'exchange.failure.badZip' | 'exchange.failure.importFailed';
  params: Record<string, string | number>;
}

export interface Task {
  readonly key: string;
  readonly status: TaskStatus;
  /** Settles (never rejects) when the task is done or has failed. */
  readonly settled: Promise<void>;
  cancel(): void;
}

const tasks = new WeakMap<AppContext, Map<string, Task>>();

function registry(ctx: AppContext): Map<string, Task> {
  let map = tasks.get(ctx);
  if (!map) tasks.set(ctx, (map = new Map()));
  return map;
}

export function findTask(ctx: AppContext, key: string): Task | undefined {
  return registry(ctx).get(key);
}

/** Cancels and forgets every task whose key starts with the prefix (a session's init or end). */
export function dropTasks(ctx: AppContext, prefix: string): void {
  const map = registry(ctx);
  for (const [key, task] of map) {
    if (key.startsWith(prefix)) {
      task.cancel();
      map.delete(key);
    }
  }
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

function startTask(ctx: AppContext, key: string, stage: Stage, work: (status: TaskStatus, cancelled: () => boolean) => Promise<void>): Task {
  let cancelled = false;
  const status: TaskStatus = { state: 'running', stage, processed: 0, total: null, counts: {} };
  const settled = work(status, () => cancelled).then(
    () => {
      if (status.state === 'running') status.state = 'done';
    },
    (err: unknown) => {
      status.state = 'failed';
      status.error = describe(err);
      if (!(err instanceof CmlFormatError) && !(err instanceof ZipRefused)) ctx.logger.error({ err, key }, 'exchange import failed');
    },
  );
  const task: Task = { key, status, settled, cancel: () => (cancelled = true) };
  registry(ctx).set(key, task);
  return task;
}

function describe(err: unknown): ImportError {
  if (err instanceof CmlFormatError) return { key: 'exchange.failure.badXml', params: { line: err.line, reason: err.message } };
  if (err instanceof ZipRefused) return { key: 'exchange.failure.badZip', params: { reason: err.message } };
  return { key: 'exchange.failure.importFailed', params: { reason: err instanceof Error ? err.message : String(err) } };
}

class Cancelled extends Error {}

/** Unpacks every .zip in the folder (then removes it), as Bitrix does on the first `import`. */
export function startUnzip(ctx: AppContext, key: string, dir: string): Task {
  return startTask(ctx, key, 'unzip', async (status) => {
    const archives = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.toLowerCase().endsWith('.zip')) : [];
    for (const name of archives) {
      const archive = path.join(dir, name);
      const result = await unzip(archive, dir, { maxEntries: 200_000, maxTotalBytes: 8 * 1024 ** 3 });
      status.processed += result.files.length;
      fs.rmSync(archive);
    }
  });
}

export function hasArchives(dir: string): boolean {
  return fs.existsSync(dir) && fs.readdirSync(dir).some((f) => f.toLowerCase().endsWith('.zip'));
}

export interface ImportOptions {
  file: string;
  /** The name shown in runs and messages (the file name 1C gave). */
  name: string;
  source: 'http' | 'folder';
  sink: SinkFactory;
  at: SinkContext;
}

/** Checks then writes one CommerceML file; the run is recorded in exchange_runs. */
export function startImport(ctx: AppContext, key: string, options: ImportOptions): Task {
  return startTask(ctx, key, 'check', async (status, cancelled) => {
    const run = insertRun(ctx.db, {
      source: options.source,
      type: options.at.type,
      direction: 'import',
      filename: options.name,
      userId: options.at.user?.id ?? null,
      startedAt: ctx.clock.now(),
      outcome: 'running',
    });
    try {
      for await (const found of checkCommerceMLFile(options.file)) {
        if (cancelled()) throw new Cancelled('cancelled');
        status.processed = Object.values(found).reduce((a, b) => a + b, 0);
        await turn();
      }
      status.total = status.processed;
      status.stage = 'write';
      status.processed = 0;
      const sink: ImportSink = options.sink(options.at);
      await withSmallCache(ctx, async () => {
        for await (const batch of readCommerceMLFile(options.file)) {
          if (cancelled()) throw new Cancelled('cancelled');
          ctx.sqlite.transaction(() => sink.write(batch))();
          status.processed += batch.filter((i) => i.kind !== 'root' && i.kind !== 'section' && i.kind !== 'sectionEnd').length;
          await turn();
        }
        ctx.sqlite.transaction(() => sink.finish())();
      });
      status.counts = sink.counts();
      finishRun(ctx.db, run.id, 'ok', ctx.clock.now(), status.counts, null);
    } catch (err) {
      const e = describe(err);
      finishRun(ctx.db, run.id, 'error', ctx.clock.now(), status.counts, `${e.params.line ? `line ${e.params.line}: ` : ''}${e.params.reason}`);
      throw err;
    }
  });
}

/**
 * A bulk import writes every page of the catalog's tables once and reads few of them again, so it
 * would fill SQLite's 64 MiB page cache (and the process's memory) with pages nobody asks for next.
 * While imports run, the connection's cache is capped at 16 MiB; the usual size comes back after the
 * last one. Pages users read meanwhile are cached as before, within the smaller cap.
 */
const IMPORT_CACHE_KIB = 16 * 1024;
const importing = new WeakMap<AppContext, { count: number; usual: number }>();

async function withSmallCache<T>(ctx: AppContext, work: () => Promise<T>): Promise<T> {
  let state = importing.get(ctx);
  if (!state) {
    state = { count: 0, usual: ctx.sqlite.pragma('cache_size', { simple: true }) as number };
    importing.set(ctx, state);
    ctx.sqlite.pragma(`cache_size = -${IMPORT_CACHE_KIB}`);
  }
  state.count++;
  try {
    return await work();
  } finally {
    if (--state.count === 0) {
      ctx.sqlite.pragma(`cache_size = ${state.usual}`);
      importing.delete(ctx);
    }
  }
}

/** Waits for a task at most `ms`; resolves either way. */
export async function waitFor(task: Task, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([task.settled, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}
