import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testContext } from '../../../test/support/context.js';
import { setUpCompany } from '../../../test/support/server.js';
import type { AppContext } from '../../context.js';
import { findUser } from '../users/queries.js';
import { toCurrentUser } from '../../platform/auth/sessions.js';
import { noRights } from '../../platform/access/model.js';
import { AppError } from '../../platform/errors.js';
import { reportRunner } from './runner.js';
import { computeReport, type ReportJob } from './compute.js';

let thread: AppContext;

beforeAll(async () => {
  thread = testContext();
  await setUpCompany(thread);
});

afterAll(() => thread.sqlite.close());

const job = (ctx: AppContext, over: Partial<ReportJob> = {}): ReportJob => ({
  key: 'managers',
  user: toCurrentUser(ctx.db, findUser(ctx.db, 1)!),
  filter: { from: '2026-01-01', to: '2026-12-31', responsible: null, department: null, pipeline: null, type: null, company: null },
  locale: 'en',
  timeZone: 'UTC',
  now: ctx.clock.now(),
  today: '2026-12-04',
  ...over,
});

describe('the report runner', () => {
  it('computes in a worker thread while the server thread goes on, with the same report as computed in place', async () => {
    let done = false;
    const running = reportRunner(thread).run(job(thread)).then((r) => ((done = true), r));
    await new Promise((resolve) => setImmediate(resolve));
    expect(done).toBe(false);
    const report = await running;
    expect(report).toEqual(computeReport(thread.db, job(thread)));
    expect(report.columns.map((c) => c.label)).toEqual(['reports.col.responsible', 'reports.col.deals', 'reports.col.won', 'reports.col.lost', 'reports.col.revenue']);
  });

  it('hands back a refusal raised in the worker as the same error the page shows', async () => {
    const user = { ...job(thread).user, rights: noRights };
    const refused = await reportRunner(thread).run(job(thread, { user })).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ status: 403, messageKey: 'error.forbidden.text' });
  });
});
