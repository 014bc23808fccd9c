import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { testContext } from '../../../test/support/context.js';
import { addUser, setUpCompany } from '../../../test/support/server.js';
import { deals, stages, users } from '../../db/schema/index.js';
import { notify, type NotificationInput } from './index.js';
import { bellOf, notificationsAfter } from './queries.js';

const ctx = testContext();
const people: Record<string, number> = {};
let ownDeal = 0;
let othersDeal = 0;
let openDeal = 0;

function addDeal(responsibleId: number, everyone = false): number {
  const stage = ctx.db.select().from(stages).limit(1).get()!;
  const now = ctx.clock.now();
  return ctx.db
    .insert(deals)
    .values({ title: 'Deal', pipelineId: stage.pipelineId, stageId: stage.id, currency: 'RUB', responsibleId, everyone, createdAt: now, updatedAt: now })
    .returning()
    .get().id;
}

const about = (entityId: number, extra: Partial<NotificationInput> = {}): NotificationInput => ({
  userId: people.anna!,
  kind: 'assigned',
  entity: 'deal',
  entityId,
  actorId: people.boris!,
  message: { key: 'notify.assigned.deal', params: { actor: 'Boris', title: 'Deal' } },
  link: `/deals/${entityId}`,
  ...extra,
});

const stored = (userId: number) => notificationsAfter(ctx.db, userId, 0, 100);

beforeAll(async () => {
  await setUpCompany(ctx);
  for (const name of ['anna', 'boris', 'vera']) {
    people[name] = (await addUser(ctx, { email: `${name}@example.com`, password: `${name}-Pass-123`, fullName: name })).id;
  }
  ownDeal = addDeal(people.anna!);
  othersDeal = addDeal(people.vera!);
  openDeal = addDeal(people.vera!, true);
});

describe('notify()', () => {
  it('stores a notification for a manager about their own record', () => {
    notify(ctx, about(ownDeal));
    const rows = stored(people.anna!);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: 'assigned', entity: 'deal', entityId: ownDeal, actorId: people.boris, messageKey: 'notify.assigned.deal', link: `/deals/${ownDeal}`, readAt: null });
    expect(JSON.parse(rows[0]!.params)).toEqual({ actor: 'Boris', title: 'Deal' });
    expect(bellOf(ctx.db, people.anna!)).toEqual({ unread: 1, latest: rows[0]!.id });
  });

  it('drops it when the recipient may not read the record', () => {
    notify(ctx, about(othersDeal));
    expect(stored(people.anna!).map((n) => n.entityId)).not.toContain(othersDeal);
  });

  it('keeps it for a record available to everyone', () => {
    notify(ctx, about(openDeal));
    expect(stored(people.anna!).map((n) => n.entityId)).toContain(openDeal);
  });

  it('drops it for a deleted or missing record', () => {
    const gone = addDeal(people.anna!);
    ctx.db.update(deals).set({ deletedAt: ctx.clock.now() }).where(eq(deals.id, gone)).run();
    const before = stored(people.anna!).length;
    notify(ctx, about(gone));
    notify(ctx, about(999_999));
    expect(stored(people.anna!)).toHaveLength(before);
  });

  it('never notifies the actor about their own action', () => {
    notify(ctx, about(ownDeal, { actorId: people.anna! }));
    expect(stored(people.anna!).filter((n) => n.actorId === people.anna)).toHaveLength(0);
  });

  it('notifies for system actions (no actor)', () => {
    notify(ctx, about(ownDeal, { actorId: null, kind: 'reminder', at: 12345 }));
    expect(stored(people.anna!).find((n) => n.kind === 'reminder')).toMatchObject({ actorId: null, at: 12345 });
  });

  it('drops it for a deactivated recipient', () => {
    ctx.db.update(users).set({ isActive: false }).where(eq(users.id, people.vera!)).run();
    notify(ctx, about(othersDeal, { userId: people.vera! }));
    expect(stored(people.vera!)).toHaveLength(0);
    ctx.db.update(users).set({ isActive: true }).where(eq(users.id, people.vera!)).run();
    notify(ctx, about(othersDeal, { userId: people.vera! }));
    expect(stored(people.vera!)).toHaveLength(1);
  });

  it('links only within the application', () => {
    notify(ctx, about(ownDeal, { kind: 'mention', link: 'https://evil.example/x' }));
    notify(ctx, about(ownDeal, { kind: 'mention', link: '//evil.example/x' }));
    expect(stored(people.anna!).filter((n) => n.kind === 'mention').map((n) => n.link)).toEqual([`/deals/${ownDeal}`, `/deals/${ownDeal}`]);
  });

  it('stores one notification per dedupe key', () => {
    const n = about(ownDeal, { kind: 'reminder', actorId: null, dedupeKey: 'reminder:1:1000' });
    notify(ctx, n);
    notify(ctx, n);
    expect(stored(people.anna!).filter((x) => x.dedupeKey === 'reminder:1:1000')).toHaveLength(1);
  });

  it('keeps nothing when the caller’s transaction rolls back', () => {
    const before = stored(people.anna!).length;
    expect(() =>
      ctx.sqlite.transaction(() => {
        notify(ctx, about(ownDeal));
        throw new Error('caller failed');
      })(),
    ).toThrow('caller failed');
    expect(stored(people.anna!)).toHaveLength(before);
  });
});
