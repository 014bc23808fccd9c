import { parentPort, workerData } from 'node:worker_threads';
import { openReader } from '../../db/connection.js';
import { AppError } from '../../platform/errors.js';
import { computeReport, type BuilderJob, type ReportJob } from './compute.js';

/**
 * The report worker (runner.ts starts it): its own read-only connection to the server's database,
 * one report at a time, each answered with the report or with what went wrong.
 */
export interface WorkerError {
  message: string;
  stack?: string;
  /** An AppError's status, key and parameters, so the server shows the same page it would have. */
  app?: { status: number; messageKey: string; params: Record<string, string | number> };
}

const port = parentPort!;
const { db } = openReader((workerData as { file: string }).file);

port.on('message', ({ id, job }: { id: number; job: ReportJob | BuilderJob }) => {
  try {
    port.postMessage({ id, report: computeReport(db, job) });
  } catch (err) {
    const e = err as Error;
    const error: WorkerError = { message: e.message, stack: e.stack };
    if (err instanceof AppError) error.app = { status: err.status, messageKey: err.messageKey, params: err.params };
    port.postMessage({ id, error });
  }
});
