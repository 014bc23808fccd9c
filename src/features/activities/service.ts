import type { AppContext } from '../../context.js';
import type { Db } from '../../db/connection.js';
import { activities } from '../../db/schema/index.js';
import { activityCondition, departmentPeople, mayActivity, type BoundEntity, type BoundRecord } from '../../platform/access/activities.js';
import { assertRecord, mayRecord, type Owned } from '../../platform/access/index.js';
import type { CurrentUser } from '../../platform/auth/sessions.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../../platform/errors.js';
import { historyOf, recordEvent } from '../../platform/records/history.js';
import { isActiveUser } from '../../platform/records/names.js';
import { notify, recordLink } from '../../platform/notifications/index.js';
import { findCompany } from '../companies/queries.js';
import { findContact } from '../contacts/queries.js';
import { findDeal } from '../deals/queries.js';
import { findLead } from '../leads/queries.js';
import { myNewLeads, myOpenDeals } from '../home/queries.js';
import type { ActivityInput, EditInput } from './form.js';
import * as q from './queries.js';
import { DAY, movedReminder, nextRepeatAt, reminderFields, shouldRepeat, type RepeatUnit } from './rules.js';

export type ActivityRow = q.ActivityRow;

/** A live record of one of the four kinds, with its title (a contact's full name), or null. */
export function findBound(db: Db, entity: BoundEntity, id: number): (Owned & { id: number; title: string }) | null {
  switch (entity) {
    case 'deal':
      return findDeal(db, id);
    case 'lead':
      return findLead(db, id);
    case 'contact': {
      const contact = findContact(db, id);
      return contact && { ...contact, title: contact.fullName };
    }
    case 'company':
      return findCompany(db, id);
  }
}

/** The activity's records, read when the rights ask for them (not for one's own activities). */
function boundRecords(db: Db, activityId: number): () => BoundRecord[] {
  let loaded: BoundRecord[] | undefined;
  return () => (loaded ??= q.bindingsOf(db, activityId).map((b) => ({ entity: b.entity, record: findBound(db, b.entity, b.entityId) })));
}

/** Outside what the user may see, an activity does not exist for them (404); visible but not theirs to change is a 403. */
export function activityFor(ctx: AppContext, user: CurrentUser, id: number, action: 'read' | 'edit'): ActivityRow {
  const activity = q.findActivity(ctx.db, id);
  if (!activity) throw new NotFoundError();
  const bound = boundRecords(ctx.db, id);
  if (!mayActivity(ctx.db, user, 'read', activity, bound)) throw new NotFoundError();
  if (action === 'edit' && !mayActivity(ctx.db, user, 'edit', activity, bound)) throw new ForbiddenError();
  return activity;
}

export function mayChangeActivity(ctx: AppContext, user: CurrentUser, activity: ActivityRow): boolean {
  return mayChangeEach(ctx, user, [activity])[0]!;
}

/**
 * Who may change each activity of a list (a record page's plan, my activities, a calendar): the bindings
 * are read in one statement and each bound record once, where one by one a deal page with a hundred
 * planned activities read its deal, contact and company a hundred times each (427 statements).
 */
function mayChangeEach(ctx: AppContext, user: CurrentUser, list: ActivityRow[]): boolean[] {
  let bindings: Map<number, { entity: BoundEntity; entityId: number }[]> | undefined;
  const records = new Map<string, ReturnType<typeof findBound>>();
  const record = (entity: BoundEntity, id: number) => {
    const key = `${entity}:${id}`;
    if (!records.has(key)) records.set(key, findBound(ctx.db, entity, id));
    return records.get(key)!;
  };
  return list.map((activity) =>
    mayActivity(ctx.db, user, 'edit', activity, () => {
      bindings ??= q.bindingsOfEach(ctx.db, list.map((a) => a.id));
      return (bindings.get(activity.id) ?? []).map((b) => ({ entity: b.entity, record: record(b.entity, b.entityId) }));
    }),
  );
}

function withChangeRights<T extends { activity: ActivityRow }>(ctx: AppContext, user: CurrentUser, items: T[]): (T & { mayChange: boolean })[] {
  const may = mayChangeEach(ctx, user, items.map((item) => item.activity));
  return items.map((item, i) => ({ ...item, mayChange: may[i]! }));
}

/** The record an activity was added on, with its title, and whether this user may open it. A deleted record keeps its title. */
export function activityRecord(ctx: AppContext, user: CurrentUser, activity: ActivityRow) {
  const entity = activity.entity as BoundEntity;
  const record = findBound(ctx.db, entity, activity.entityId);
  const mayOpen = record !== null && mayRecord(ctx.db, user, entity, 'read', record);
  const title = record ? record.title : (q.recordTitle(ctx.db, entity, activity.entityId) ?? '');
  return { entity, id: activity.entityId, title, mayOpen, link: recordLink(entity, activity.entityId) };
}

/** An activity on a deal also belongs to the deal's contact and company. */
export function bindingsFor(db: Db, entity: BoundEntity, record: Owned & { id: number }): { entity: BoundEntity; entityId: number }[] {
  const list: { entity: BoundEntity; entityId: number }[] = [{ entity, entityId: record.id }];
  if (entity === 'deal') {
    const deal = record as NonNullable<ReturnType<typeof findDeal>>;
    if (deal.contactId) list.push({ entity: 'contact', entityId: deal.contactId });
    if (deal.companyId) list.push({ entity: 'company', entityId: deal.companyId });
  }
  return list;
}

function recordDone(ctx: AppContext, userId: number, activity: ActivityRow, at: number): void {
  for (const b of q.bindingsOf(ctx.db, activity.id)) {
    recordEvent(ctx.db, { entity: b.entity, entityId: b.entityId, at, userId, kind: 'activity', field: activity.type, newValue: activity.subject });
  }
}

/** "A task I gave is done": to whoever gave it and to the record's responsible (notify() skips the one who did it). */
function notifyTaskDone(ctx: AppContext, user: CurrentUser, activity: ActivityRow, recordResponsible: number | null): void {
  const recipients = new Set([activity.createdBy, recordResponsible].filter((id): id is number => id !== null));
  for (const userId of recipients) {
    notify(ctx, {
      userId,
      kind: 'taskDone',
      entity: activity.entity as BoundEntity,
      entityId: activity.entityId,
      actorId: user.id,
      message: { key: 'activities.taskDone.message', params: { subject: activity.subject, actor: user.fullName } },
      link: recordLink(activity.entity as BoundEntity, activity.entityId),
      dedupeKey: `taskDone:${activity.id}:${userId}`,
    });
  }
}

const assignedMessage = { call: 'activities.assigned.call', meeting: 'activities.assigned.meeting', task: 'activities.assigned.message' } as const;

/** "Planned for me": a planned call, meeting or task whose responsible is someone else than who planned it (notify() skips oneself). */
function notifyActivityAssigned(ctx: AppContext, user: CurrentUser, activity: ActivityRow): void {
  if (activity.doneAt !== null || !(activity.type in assignedMessage)) return;
  notify(ctx, {
    userId: activity.responsibleId,
    kind: 'assigned',
    entity: activity.entity as BoundEntity,
    entityId: activity.entityId,
    actorId: user.id,
    message: { key: assignedMessage[activity.type as keyof typeof assignedMessage], params: { subject: activity.subject, actor: user.fullName } },
    link: `/activities/${activity.id}`,
  });
}

/**
 * Adds an activity on a record the user may edit. A note is always done; a call or meeting may be
 * logged as done; everything else is planned, with an optional reminder and (calls) a repeat.
 */
export function addActivity(ctx: AppContext, user: CurrentUser, input: ActivityInput): ActivityRow {
  const record = findBound(ctx.db, input.entity, input.entityId);
  if (!record) throw new NotFoundError();
  assertRecord(ctx.db, user, input.entity, 'edit', record);
  if (!isActiveUser(ctx.db, input.responsibleId)) throw new ValidationError({ responsibleId: { key: 'validation.invalid' } });
  const now = ctx.clock.now();
  const done = input.type === 'note' || (input.done && (input.type === 'call' || input.type === 'meeting'));
  const dueAt = input.dueAt ?? now;
  const isCall = input.type === 'call';
  const isMeeting = input.type === 'meeting';
  const reminder = done ? { remindBefore: null, remindAt: null } : reminderFields(input.reminder, dueAt, input.remindCustom);
  return ctx.db.transaction(() => {
    const activity = q.insertActivity(
      ctx.db,
      {
        type: input.type,
        subject: input.subject,
        description: input.description,
        entity: input.entity,
        entityId: input.entityId,
        responsibleId: input.responsibleId,
        dueAt,
        endAt: isMeeting ? input.endAt : null,
        direction: isCall ? input.direction : null,
        durationMin: isCall ? input.durationMin : null,
        place: isMeeting ? input.place : null,
        participants: isMeeting ? input.participants : null,
        doneAt: done ? now : null,
        doneBy: done ? user.id : null,
        result: done ? input.result : null,
        success: done && isCall ? true : null,
        ...reminder,
        repeatEvery: isCall && !done ? input.repeatEvery : null,
        repeatUnit: isCall && !done && input.repeatEvery !== null ? input.repeatUnit : null,
        createdBy: user.id,
        createdAt: now,
        updatedAt: now,
      },
      bindingsFor(ctx.db, input.entity, record),
    );
    if (done) recordDone(ctx, user.id, activity, now);
    else notifyActivityAssigned(ctx, user, activity);
    return activity;
  });
}

/**
 * Completes a planned activity with a result. A call that did not reach the client, in a repeat
 * series, makes the next planned call (same subject, bindings, responsible and reminder offset);
 * a successful one ends the series. Returns the next call when one was made.
 */
export function completeActivity(
  ctx: AppContext,
  user: CurrentUser,
  id: number,
  input: { result: string | null; success: boolean; durationMin?: number | null },
): { activity: ActivityRow; next: ActivityRow | null } {
  const before = activityFor(ctx, user, id, 'edit');
  if (before.doneAt !== null) throw new ValidationError({ _form: { key: 'activities.error.alreadyDone' } });
  const now = ctx.clock.now();
  const record = findBound(ctx.db, before.entity as BoundEntity, before.entityId);
  return ctx.db.transaction(() => {
    const call = before.type === 'call';
    const activity = q.updateActivity(ctx.db, id, {
      doneAt: now,
      doneBy: user.id,
      result: input.result,
      success: call ? input.success : null,
      durationMin: call ? (input.durationMin ?? before.durationMin) : before.durationMin,
      updatedAt: now,
    });
    recordDone(ctx, user.id, activity, now);
    if (activity.type === 'task') notifyTaskDone(ctx, user, activity, record?.responsibleId ?? null);
    let next: ActivityRow | null = null;
    if (shouldRepeat(before, input.success)) {
      const dueAt = nextRepeatAt(now, before.repeatEvery!, before.repeatUnit as RepeatUnit);
      const { id: _id, doneAt: _d, doneBy: _b, result: _r, success: _s, remindedAt: _m, reminderLate: _l, ...rest } = before;
      next = q.insertActivity(
        ctx.db,
        { ...rest, dueAt, remindAt: movedReminder(before.remindBefore, null, dueAt), repeatOf: before.repeatOf ?? before.id, createdBy: user.id, createdAt: now, updatedAt: now },
        q.bindingsOf(ctx.db, id),
      );
    }
    return { activity, next };
  });
}

/** Moves a planned activity's deadline (a meeting keeps its length); its reminder follows and may fire again. */
export function rescheduleActivity(ctx: AppContext, user: CurrentUser, id: number, dueAt: number): ActivityRow {
  const before = activityFor(ctx, user, id, 'edit');
  if (before.doneAt !== null) throw new ValidationError({ dueAt: { key: 'activities.error.alreadyDone' } });
  const remindAt = movedReminder(before.remindBefore, before.remindAt, dueAt);
  return q.updateActivity(ctx.db, id, {
    dueAt,
    endAt: before.endAt !== null ? before.endAt + (dueAt - before.dueAt) : null,
    remindAt,
    remindedAt: remindAt !== before.remindAt ? null : before.remindedAt,
    reminderLate: remindAt !== before.remindAt ? false : before.reminderLate,
    updatedAt: ctx.clock.now(),
  });
}

/**
 * Changes what an activity says (within the activity rights: its responsible, or whoever may edit
 * one of its records). Only the fields of its type are taken; the responsible and the reminder change
 * only while it is planned (the new responsible is notified; a changed reminder may fire again). Each of its records' history says it was changed, with the
 * subject before and after; the Actions and Journal show the activity as it is now.
 */
export function editActivity(ctx: AppContext, user: CurrentUser, id: number, input: EditInput): ActivityRow {
  const before = activityFor(ctx, user, id, 'edit');
  const planned = before.doneAt === null;
  const isCall = before.type === 'call';
  const isMeeting = before.type === 'meeting';
  const responsibleId = planned && before.type !== 'note' && input.responsibleId !== undefined ? input.responsibleId : before.responsibleId;
  if (responsibleId !== before.responsibleId && !isActiveUser(ctx.db, responsibleId)) throw new ValidationError({ responsibleId: { key: 'validation.invalid' } });
  const after = {
    subject: input.subject,
    description: input.description,
    direction: isCall ? (input.direction ?? before.direction) : before.direction,
    durationMin: isCall ? input.durationMin : before.durationMin,
    place: isMeeting ? input.place : before.place,
    participants: isMeeting ? input.participants : before.participants,
    result: planned || before.type === 'note' ? before.result : input.result,
    responsibleId,
    ...(planned && input.reminder !== undefined ? reminderFields(input.reminder, before.dueAt, input.remindCustom) : { remindBefore: before.remindBefore, remindAt: before.remindAt }),
  };
  if ((Object.keys(after) as (keyof typeof after)[]).every((k) => after[k] === before[k])) return before;
  const now = ctx.clock.now();
  // A changed reminder is armed again.
  const rearmed = after.remindAt !== before.remindAt ? { remindedAt: null, reminderLate: false } : {};
  return ctx.db.transaction(() => {
    const activity = q.updateActivity(ctx.db, id, { ...after, ...rearmed, updatedAt: now });
    for (const b of q.bindingsOf(ctx.db, id)) {
      recordEvent(ctx.db, { entity: b.entity, entityId: b.entityId, at: now, userId: user.id, kind: 'activityChanged', field: activity.type, oldValue: before.subject, newValue: activity.subject });
    }
    if (responsibleId !== before.responsibleId) notifyActivityAssigned(ctx, user, activity);
    return activity;
  });
}

type Listed = ReturnType<typeof q.activitiesOfRecord>[number];
export type JournalItem = { kind: 'activity'; at: number; item: Listed } | { kind: 'history'; at: number; entry: ReturnType<typeof historyOf>[number] };

/**
 * A record page's Actions (planned, by deadline) and Journal (done activities and comments, newest
 * first). Field changes and the record's own events are its History. The caller has checked the user
 * may read the record.
 */
export function recordActivities(ctx: AppContext, user: CurrentUser, entity: BoundEntity, entityId: number) {
  const record = findBound(ctx.db, entity, entityId);
  const all = q.activitiesOfRecord(ctx.db, entity, entityId);
  const journal: JournalItem[] = [
    ...all.filter((a) => a.activity.doneAt !== null).map((item) => ({ kind: 'activity' as const, at: item.activity.doneAt!, item })),
    ...historyOf(ctx.db, entity, entityId)
      // The done activities stand for themselves (as they are now); everything but comments is the History card's.
      .filter((h) => h.entry.kind === 'comment')
      .map((entry) => ({ kind: 'history' as const, at: entry.entry.at, entry })),
  ].sort((a, b) => b.at - a.at);
  const now = ctx.clock.now();
  return {
    entity,
    entityId,
    now,
    mayAdd: record !== null && mayRecord(ctx.db, user, entity, 'edit', record),
    planned: withChangeRights(ctx, user, all.filter((a) => a.activity.doneAt === null)).map((item) => ({ ...item, overdue: item.activity.dueAt < now })),
    journal,
  };
}

/**
 * "My activities": planned ones that are overdue, due today, or in the next 7 days, for me or (for a
 * head) my department's people, limited to what the user may see.
 */
export function myActivities(ctx: AppContext, user: CurrentUser, options: { scope: 'mine' | 'department'; todayStart: number }) {
  const people = options.scope === 'department' ? departmentPeople(ctx.db, user) : null;
  const responsibleIds = people ?? [user.id];
  const planned = q.plannedOf(ctx.db, { responsibleIds, before: options.todayStart + 8 * DAY, visible: activityCondition(ctx.db, user, { id: activities.id, responsible: activities.responsibleId }), limit: 300 });
  const rows = withChangeRights(ctx, user, planned).map((item) => ({ ...item, record: activityRecord(ctx, user, item.activity) }));
  const now = ctx.clock.now();
  const tomorrow = options.todayStart + DAY;
  return {
    scope: people ? options.scope : 'mine',
    mayDepartment: departmentPeople(ctx.db, user) !== null,
    overdue: rows.filter((r) => r.activity.dueAt < now),
    today: rows.filter((r) => r.activity.dueAt >= now && r.activity.dueAt < tomorrow),
    upcoming: rows.filter((r) => r.activity.dueAt >= tomorrow),
  };
}

/** Calendar items of a user between two times, only those the viewer may see. */
export function calendarItems(ctx: AppContext, viewer: CurrentUser, userId: number, from: number, to: number) {
  const items = q.calendarOf(ctx.db, { responsibleId: userId, from, to, visible: activityCondition(ctx.db, viewer, { id: activities.id, responsible: activities.responsibleId }) });
  const planned = withChangeRights(ctx, viewer, items.filter((item) => item.activity.doneAt === null));
  const mayChange = new Map(planned.map((item) => [item.activity.id, item.mayChange]));
  return items.map((item) => ({ ...item, mayChange: mayChange.get(item.activity.id) ?? false }));
}

/**
 * A click on a slot of someone's calendar: the calendar owner's open deals and leads to plan on, those
 * the viewer may edit (all of them on one's own calendar); the new activity is the owner's.
 */
export function slotRecords(ctx: AppContext, viewer: CurrentUser, ownerId: number) {
  const owner = ownerId !== viewer.id && isActiveUser(ctx.db, ownerId) ? ownerId : viewer.id;
  const mayPlan = (entity: BoundEntity) => mayRecord(ctx.db, viewer, entity, 'edit', { responsibleId: owner });
  return {
    ownerId: owner,
    deals: mayPlan('deal') ? myOpenDeals(ctx.db, owner, 30) : [],
    leads: mayPlan('lead') ? myNewLeads(ctx.db, owner, 30) : [],
  };
}

/**
 * A converted lead's activities also belong to the contact, company and deal it became, so its
 * planned calls and its journal go on there. Call inside the conversion's transaction.
 */
export function carryLeadActivities(ctx: AppContext, leadId: number, made: { contactId: number | null; companyId: number | null; dealId: number | null }): void {
  const to = (
    [
      ['contact', made.contactId],
      ['company', made.companyId],
      ['deal', made.dealId],
    ] as const
  ).flatMap(([entity, entityId]) => (entityId === null ? [] : [{ entity, entityId }]));
  q.bindAlso(ctx.db, { entity: 'lead', entityId: leadId }, to);
}
