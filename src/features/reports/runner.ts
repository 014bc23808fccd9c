import * as sea from 'node:sea';
import { Worker } from 'node:worker_threads';
import type { AppContext } from '../../context.js';
import type { Sqlite } from '../../db/connection.js';
import { addonPaths, inExecutable } from '../../native.js';
import { AppError } from '../../platform/errors.js';
import type { MessageKey } from '../../platform/i18n/index.js';
import { computeReport, type BuilderJob, type ReportJob } from './compute.js';
import type { Report } from './model.js';
import type { WorkerError } from './worker.js';

/**
 * Where reports compute (config `report_runner`). A year's report over a million deals is seconds of
 * SQLite work, and better-sqlite3 runs it synchronously: in the request's thread it would hold every
 * other user's page for that long. By default the work goes to one worker thread with its own
 * read-only connection (WAL: it reads the last commit without blocking writers); the request waits
 * for it without holding the event loop. Reports queue in that one thread (the machine has two cores:
 * one stays with the pages). The worker stops after ten minutes without work and starts again on
 * demand. "inline" (and an in-memory database, which a second connection cannot open) computes in
 * the request's thread.
 */
export interface ReportRunner {
  run(job: ReportJob | BuilderJob): Promise<Report>;
}

const IDLE_MS = 10 * 60_000;
const runners = new WeakMap<Sqlite, ReportRunner>();

export function reportRunner(ctx: AppContext): ReportRunner {
  let runner = runners.get(ctx.sqlite);
  if (!runner) {
    runner = ctx.config.reportRunner === 'inline' || ctx.sqlite.memory ? { run: async (job) => computeReport(ctx.db, job) } : threadRunner(ctx.sqlite.name);
    runners.set(ctx.sqlite, runner);
  }
  return runner;
}

interface Waiting {
  worker: Worker;
  resolve(report: Report): void;
  reject(err: Error): void;
}

function threadRunner(file: string): ReportRunner {
  let worker: Worker | null = null;
  let idle: NodeJS.Timeout | null = null;
  let next = 0;
  const waiting = new Map<number, Waiting>();

  const failAll = (w: Worker, err: Error) => {
    for (const [id, entry] of waiting) {
      if (entry.worker !== w) continue;
      waiting.delete(id);
      entry.reject(err);
    }
  };

  const stop = (w: Worker) => {
    if (worker === w) worker = null;
    void w.terminate();
  };

  const start = (): Worker => {
    const w = startWorker({ file, addons: addonPaths() });
    w.unref();
    w.on('message', ({ id, report, error }: { id: number; report?: Report; error?: WorkerError }) => {
      const entry = waiting.get(id);
      if (!entry) return;
      waiting.delete(id);
      if (error) entry.reject(fromWorker(error));
      else entry.resolve(report!);
      if (waiting.size === 0) idle = setTimeout(() => stop(w), IDLE_MS).unref();
    });
    w.on('error', (err) => {
      failAll(w, err);
      stop(w);
    });
    w.on('exit', (code) => {
      if (worker === w) worker = null;
      failAll(w, new Error(`the report worker stopped (exit code ${code})`));
    });
    return w;
  };

  return {
    run(job) {
      if (idle) clearTimeout(idle);
      idle = null;
      const w = (worker ??= start());
      const id = ++next;
      const answer = new Promise<Report>((resolve, reject) => waiting.set(id, { worker: w, resolve, reject }));
      w.postMessage({ id, job });
      return answer;
    },
  };
}

/**
 * Inside the single executable the worker's code is the build's second bundle, a SEA asset run as a
 * script; otherwise (npm start, tests) worker.ts itself, through worker-dev.mjs, which registers tsx.
 */
function startWorker(workerData: { file: string; addons: ReturnType<typeof addonPaths> }): Worker {
  if (inExecutable()) return new Worker(sea.getAsset('report-worker.cjs', 'utf8'), { eval: true, workerData });
  return new Worker(new URL('./worker-dev.mjs', import.meta.url), { workerData, execArgv: [] });
}

function fromWorker(error: WorkerError): Error {
  const err = error.app ? new AppError(error.app.status, error.app.messageKey as MessageKey, error.app.params) : new Error(error.message);
  if (error.stack) err.stack = error.stack;
  return err;
}
