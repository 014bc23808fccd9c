import cron, { type ScheduledTask } from 'node-cron';
import { desc, eq } from 'drizzle-orm';
import type { AppContext } from '../context.js';
import { jobRuns } from '../db/schema/index.js';

/**
 * The job registry (DESIGN.md, "Events and jobs"): every scheduled job has a name, a cron schedule and
 * `run(ctx)`. A job never overlaps itself; each run is recorded (start, end, outcome, counts, error) for
 * the administrators' pages; "Run now" and the command line use the same path.
 */
export interface JobResult {
  counts?: Record<string, number>;
}

export interface Job {
  name: string;
  /** node-cron expression, or null when the job is switched off by configuration. */
  schedule: string | null;
  /** `trigger` tells a scheduled run from "Run now" (mail-sync reads only the mailboxes due on schedule, every one when asked). */
  run(ctx: AppContext, trigger: Trigger): Promise<JobResult>;
}

export type JobRun = typeof jobRuns.$inferSelect;

export type Trigger = 'schedule' | 'manual' | 'command';

export class JobRegistry {
  private readonly jobs = new Map<string, Job>();
  private readonly running = new Map<string, Promise<JobRun>>();
  private tasks: ScheduledTask[] = [];

  constructor(private readonly ctx: AppContext) {}

  register(job: Job): void {
    this.jobs.set(job.name, job);
  }

  list(): Job[] {
    return [...this.jobs.values()];
  }

  isRunning(name: string): boolean {
    return this.running.has(name);
  }

  start(): void {
    for (const job of this.jobs.values()) {
      if (!job.schedule) continue;
      this.tasks.push(cron.schedule(job.schedule, () => void this.run(job.name, 'schedule'), { name: job.name, noOverlap: true }));
    }
  }

  /** Stops scheduling and waits for runs in progress to finish. */
  async stop(): Promise<void> {
    for (const task of this.tasks) await task.stop();
    this.tasks = [];
    await Promise.allSettled(this.running.values());
  }

  /** Runs a job now; when it is already running, returns that run instead of starting a second one. */
  run(name: string, trigger: Trigger): Promise<JobRun> {
    const job = this.jobs.get(name);
    if (!job) throw new Error(`unknown job ${name}`);
    const inProgress = this.running.get(name);
    if (inProgress) return inProgress;
    const promise = this.execute(job, trigger).finally(() => this.running.delete(name));
    this.running.set(name, promise);
    return promise;
  }

  private async execute(job: Job, trigger: Trigger): Promise<JobRun> {
    const { db, clock, logger } = this.ctx;
    const startedAt = clock.now();
    const row = db.insert(jobRuns).values({ job: job.name, startedAt, outcome: 'running', trigger }).returning().get();
    let update: Partial<JobRun>;
    try {
      const result = await job.run(this.ctx, trigger);
      update = { outcome: 'ok', counts: result.counts ? JSON.stringify(result.counts) : null };
      logger.info({ job: job.name, trigger, ms: clock.now() - startedAt, ...result.counts }, 'job finished');
    } catch (err) {
      update = { outcome: 'error', error: (err as Error).message };
      logger.error({ job: job.name, trigger, err }, 'job failed');
    }
    return db.update(jobRuns).set({ ...update, finishedAt: clock.now() }).where(eq(jobRuns.id, row.id)).returning().get()!;
  }

  lastRuns(name: string, limit = 10): JobRun[] {
    return this.ctx.db.select().from(jobRuns).where(eq(jobRuns.job, name)).orderBy(desc(jobRuns.startedAt), desc(jobRuns.id)).limit(limit).all();
  }
}

/** "02:30" → a node-cron expression for every day at that time; "off" → null. */
export function dailyAt(time: string): string | null {
  if (time === 'off') return null;
  const [hh, mm] = time.split(':').map(Number);
  return `${mm} ${hh} * * *`;
}
