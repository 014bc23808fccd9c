import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { setUpCompany, addUser } from '../../../test/support/server.js';
import { tempDir, testContext } from '../../../test/support/context.js';
import type { AppContext } from '../../context.js';
import { toCurrentUser } from '../../platform/auth/sessions.js';
import { createDeal } from '../deals/service.js';
import { findUser } from '../users/queries.js';
import { addActivity, rescheduleActivity } from './service.js';
import { MINUTE } from './rules.js';

/** The reminder job: each reminder fires once, across repeated runs and a restart; a missed one fires late. */
const opened: AppContext[] = [];
afterEach(() => {
  for (const ctx of opened.splice(0)) ctx.sqlite.close();
});

function open(dataDir: string) {
  const ctx = testContext({ dataDir });
  opened.push(ctx);
  return ctx;
}

const notifications = (ctx: AppContext) => ctx.db.all<{ user_id: number; kind: string; params: string; message_key: string; link: string }>(sql`SELECT * FROM notifications WHERE kind = 'reminder'`);

async function plannedCall(ctx: ReturnType<typeof testContext>, inMinutes: number, ownerId?: number) {
  const admin = toCurrentUser(ctx.db, findUser(ctx.db, 1)!);
  const responsibleId = ownerId ?? (await addUser(ctx, { email: 'anna@example.com', password: 'Anna-pass-123', fullName: 'Anna' })).id;
  const stage = ctx.db.all<{ id: number }>(sql`SELECT id FROM stages ORDER BY sort LIMIT 1`)[0]!.id;
  const deal = createDeal(ctx, admin, { title: 'Поставка', stageId: stage, amount: '1', currency: 'RUB', probability: null, typeId: null, sourceId: null, expectedClose: null, contactId: null, companyId: null, responsibleId, everyone: false, comments: null });
  const due = ctx.clock.now() + inMinutes * MINUTE;
  const activity = addActivity(ctx, admin, {
    type: 'call', entity: 'deal', entityId: deal.id, subject: 'Перезвонить', description: null, responsibleId,
    dueAt: due, endAt: null, done: false, direction: 'out', durationMin: null, result: null, place: null, participants: null,
    reminder: '15', remindCustom: null, repeatEvery: null, repeatUnit: 'day',
  });
  return { activity, deal, responsibleId };
}

describe('reminder job', () => {
  it('fires a reminder once: not before its time, once when run twice, not again after a restart', async () => {
    const dir = tempDir();
    const ctx = open(dir);
    await setUpCompany(ctx);
    const { deal, responsibleId } = await plannedCall(ctx, 30);

    await ctx.jobs.run('reminders', 'manual');
    expect(notifications(ctx)).toHaveLength(0);

    ctx.clock.advance(15 * MINUTE + 1000);
    const [first, second] = await Promise.all([ctx.jobs.run('reminders', 'manual'), ctx.jobs.run('reminders', 'manual')]);
    expect(first).toBe(second);
    const third = await ctx.jobs.run('reminders', 'schedule');
    expect(JSON.parse(first.counts!)).toEqual({ sent: 1, late: 0, dropped: 0 });
    expect(JSON.parse(third.counts!)).toEqual({ sent: 0, late: 0, dropped: 0 });
    expect(notifications(ctx)).toMatchObject([{ user_id: responsibleId, message_key: 'activities.reminder.messageFor', params: JSON.stringify({ subject: 'Перезвонить', record: 'Поставка' }), link: `/deals/${deal.id}` }]);

    ctx.sqlite.close();
    opened.pop();
    const restarted = open(dir);
    restarted.clock.advance(16 * MINUTE);
    await restarted.jobs.run('reminders', 'schedule');
    expect(notifications(restarted)).toHaveLength(1);
    expect(restarted.jobs.lastRuns('reminders').length).toBe(4);
  });

  it('a deadline moved after its reminder fired re-arms it, even when moved back to the same time', async () => {
    const ctx = open(tempDir());
    await setUpCompany(ctx);
    const { activity, responsibleId } = await plannedCall(ctx, 30);
    const anna = toCurrentUser(ctx.db, findUser(ctx.db, responsibleId)!);
    ctx.clock.advance(16 * MINUTE);
    await ctx.jobs.run('reminders', 'schedule');
    ctx.clock.advance(MINUTE);
    rescheduleActivity(ctx, anna, activity.id, activity.dueAt + 60 * MINUTE);
    ctx.clock.advance(MINUTE);
    rescheduleActivity(ctx, anna, activity.id, activity.dueAt);
    const run = await ctx.jobs.run('reminders', 'schedule');
    expect(JSON.parse(run.counts!)).toEqual({ sent: 1, late: 0, dropped: 0 });
    expect(notifications(ctx)).toHaveLength(2);
    await ctx.jobs.run('reminders', 'schedule');
    expect(notifications(ctx)).toHaveLength(2);
  });

  it('a reminder missed while the server was down fires at the next run, marked late', async () => {
    const dir = tempDir();
    const ctx = open(dir);
    await setUpCompany(ctx);
    const { activity } = await plannedCall(ctx, 20);
    ctx.sqlite.close();
    opened.pop();

    const restarted = open(dir);
    restarted.clock.advance(3 * 60 * MINUTE);
    const run = await restarted.jobs.run('reminders', 'schedule');
    expect(JSON.parse(run.counts!)).toEqual({ sent: 1, late: 1, dropped: 0 });
    expect(notifications(restarted)).toMatchObject([{ message_key: 'activities.reminder.messageLateFor', params: JSON.stringify({ subject: 'Перезвонить', record: 'Поставка' }) }]);
    expect(restarted.db.all<{ reminder_late: number }>(sql`SELECT reminder_late FROM activities WHERE id = ${activity.id}`)[0]!.reminder_late).toBe(1);
  });

  it('never reminds a user about a record outside their scope', async () => {
    const dir = tempDir();
    const ctx = open(dir);
    await setUpCompany(ctx);
    const anna = await addUser(ctx, { email: 'anna@example.com', password: 'Anna-pass-123', fullName: 'Anna' });
    const boris = await addUser(ctx, { email: 'boris@example.com', password: 'Boris-pass-123', fullName: 'Boris' });
    const { deal } = await plannedCall(ctx, 20, anna.id);
    ctx.db.run(sql`UPDATE activities SET responsible_id = ${boris.id}`);
    ctx.clock.advance(6 * MINUTE);
    const run = await ctx.jobs.run('reminders', 'schedule');
    expect(JSON.parse(run.counts!)).toEqual({ sent: 0, late: 0, dropped: 1 });
    expect(notifications(ctx)).toHaveLength(0);
    expect(deal.responsibleId).toBe(anna.id);
  });
});
