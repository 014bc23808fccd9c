import { Router, type Request, type Response } from 'express';
import type { AppContext } from '../../context.js';
import { NotFoundError, ValidationError, type FieldErrors } from '../../platform/errors.js';
import { parseForm } from '../../platform/forms.js';
import { currentUser, requireUser } from '../../platform/http/guards.js';
import { idParam } from '../../platform/http/params.js';
import { safeNext } from '../auth/form.js';
import { recordLink } from '../../platform/notifications/index.js';
import type { BoundEntity } from '../../platform/access/activities.js';
import { activeUsers } from '../users/queries.js';
import { userName } from '../../platform/records/names.js';
import { activityForm, addableTypes, boundEntities, calendarQuery, completeForm, editForm, rescheduleForm } from './form.js';
import { activityFor, activityRecord, addActivity, calendarItems, completeActivity, editActivity, findBound, mayChangeActivity, rescheduleActivity, slotRecords, type ActivityRow } from './service.js';
import { assertRecord } from '../../platform/access/index.js';
import { recordTitle } from './queries.js';
import { DAY_HOURS, HOUR, MONTH_DAY_ITEMS, addDays, calendarDays, hourRow, localDay, reminderChoice } from './rules.js';
import { dayStart, fromLocalInput } from '../../platform/format.js';

export function activityRoutes(ctx: AppContext): Router {
  const r = Router();
  r.use('/activities', requireUser);

  const showForm = (req: Request, res: Response, values: Record<string, unknown>, errors: FieldErrors = {}) => {
    const type = addableTypes.find((x) => x === values.type) ?? 'call';
    const entity = boundEntities.find((x) => x === values.entity);
    const entityId = Number(values.entityId);
    const record = entity && Number.isInteger(entityId) ? findBound(ctx.db, entity, entityId) : null;
    if (!entity || !record) throw new NotFoundError();
    assertRecord(ctx.db, currentUser(req), entity, 'edit', record);
    res.page('activities/form', {
      title: req.t(`activities.new.${type}`),
      type,
      recordTitle: recordTitle(ctx.db, entity, entityId),
      back: typeof values.back === 'string' && values.back ? safeNext(values.back) : recordLink(entity, entityId),
      users: activeUsers(ctx.db),
      types: addableTypes,
      values: { ...values, type },
      errors,
    });
  };

  /** The add form: ?type=call|meeting|task|note&entity=deal&id=12, date and client pre-filled. */
  r.get('/activities/new', (req, res) => {
    const now = ctx.clock.now();
    const type = String(req.query.type ?? 'call');
    const chosen = typeof req.query.at === 'string' ? fromLocalInput(req.query.at, req.timeZone) : null;
    const start = chosen ?? (type === 'task' ? now + 24 * HOUR : now);
    showForm(req, res, {
      type,
      entity: req.query.entity,
      entityId: req.query.id,
      // A slot of a colleague's calendar plans for the colleague.
      responsibleId: Number(req.query.responsible) || currentUser(req).id,
      dueAt: req.fmt.localInput(start),
      endAt: type === 'meeting' ? req.fmt.localInput(start + HOUR) : '',
      direction: 'out',
      reminder: type === 'note' ? 'none' : '15',
      repeatUnit: 'day',
      back: typeof req.query.back === 'string' ? req.query.back : '',
    });
  });

  r.post('/activities', (req, res) => {
    const form = parseForm(activityForm(req.timeZone), req.body);
    if (!form.ok) return showForm(req, res.status(422), form.values, form.errors);
    try {
      const activity = addActivity(ctx, currentUser(req), form.data);
      res.flash('activities.created', { subject: activity.subject });
      res.go(form.data.back ? safeNext(form.data.back) : recordLink(activity.entity as BoundEntity, activity.entityId));
    } catch (err) {
      if (err instanceof ValidationError) return showForm(req, res.status(422), form.values, err.fields);
      throw err;
    }
  });

  r.get('/activities/:id', (req, res) => {
    const user = currentUser(req);
    const activity = activityFor(ctx, user, idParam(req), 'read');
    res.page('activities/show', {
      title: activity.subject,
      a: activity,
      record: activityRecord(ctx, user, activity),
      mayChange: activity.doneAt === null && mayChangeActivity(ctx, user, activity),
      mayEdit: mayChangeActivity(ctx, user, activity),
      responsibleName: userName(ctx.db, activity.responsibleId) ?? '',
      now: ctx.clock.now(),
    });
  });

  const showEdit = (req: Request, res: Response, activity: ActivityRow, values: Record<string, unknown>, errors: FieldErrors = {}) => {
    res.page('activities/edit', {
      title: req.t('activities.edit.title', { subject: activity.subject }),
      a: activity,
      record: activityRecord(ctx, currentUser(req), activity),
      users: activeUsers(ctx.db),
      values,
      errors,
      back: safeNext(typeof values.back === 'string' && values.back ? values.back : `/activities/${activity.id}`),
    });
  };

  /** The edit form: what the activity says; the deadline moves by rescheduling. */
  r.get('/activities/:id/edit', (req, res) => {
    const activity = activityFor(ctx, currentUser(req), idParam(req), 'edit');
    showEdit(req, res, activity, {
      ...activity,
      durationMin: activity.durationMin ?? '',
      reminder: reminderChoice(activity),
      remindCustom: activity.remindBefore === null && activity.remindAt !== null ? req.fmt.localInput(activity.remindAt) : '',
      back: typeof req.query.back === 'string' ? req.query.back : '',
    });
  });

  r.post('/activities/:id', (req, res) => {
    const user = currentUser(req);
    const activity = activityFor(ctx, user, idParam(req), 'edit');
    const form = parseForm(editForm(req.timeZone), req.body);
    if (!form.ok) return showEdit(req, res.status(422), activity, form.values, form.errors);
    try {
      const saved = editActivity(ctx, user, activity.id, form.data);
      res.flash('activities.saved', { subject: saved.subject });
      res.go(safeNext(form.data.back || `/activities/${saved.id}`));
    } catch (err) {
      if (err instanceof ValidationError) return showEdit(req, res.status(422), activity, form.values, err.fields);
      throw err;
    }
  });

  r.post('/activities/:id/complete', (req, res) => {
    const form = parseForm(completeForm, req.body);
    if (!form.ok) throw new ValidationError(form.errors);
    const { activity, next } = completeActivity(ctx, currentUser(req), idParam(req), form.data);
    if (next) res.flash('activities.completedNext', { subject: activity.subject, at: req.fmt.dateTime(next.dueAt) });
    else res.flash('activities.completed', { subject: activity.subject });
    res.go(safeNext(form.data.back ?? `/activities/${activity.id}`));
  });

  /** A new deadline: from the reschedule form, or a calendar drop (htmx, answers 204). */
  r.post('/activities/:id/reschedule', (req, res) => {
    const form = parseForm(rescheduleForm(req.timeZone), req.body);
    if (!form.ok) throw new ValidationError(form.errors);
    const activity = rescheduleActivity(ctx, currentUser(req), idParam(req), form.data.dueAt!);
    if (req.get('HX-Request') && !form.data.back) return res.status(204).end();
    res.flash('activities.rescheduled', { subject: activity.subject });
    res.go(safeNext(form.data.back ?? `/activities/${activity.id}`));
  });

  /** Week or month of a user's calls, meetings and task deadlines; only what the viewer may see. */
  r.get('/calendar', requireUser, (req, res) => {
    const user = currentUser(req);
    const query = calendarQuery.parse(req.query);
    const today = localDay(ctx.clock.now(), req.timeZone);
    const date = query.date ?? today;
    const { days, prev, next } = calendarDays(query.view, date);
    const from = dayStart(days[0]!.day, req.timeZone);
    const to = dayStart(addDays(days.at(-1)!.day, 1), req.timeZone);
    const ownerId = query.user ?? user.id;
    const items = calendarItems(ctx, user, ownerId, from, to).map((item) => {
      const local = req.fmt.localInput(item.activity.dueAt);
      return { ...item, day: local.slice(0, 10), time: local.slice(11), hour: hourRow(local.slice(11)) };
    });
    const hours = Array.from({ length: DAY_HOURS.last - DAY_HOURS.first + 1 }, (_, i) => DAY_HOURS.first + i);
    // The week view's "now" line: today's column, the current hour's row, to the quarter hour.
    const nowLocal = req.fmt.localInput(ctx.clock.now());
    const nowHour = Number(nowLocal.slice(11, 13));
    const nowMark = hours.includes(nowHour) ? { day: nowLocal.slice(0, 10), hour: nowHour, quarter: Math.floor(Number(nowLocal.slice(14, 16)) / 15) } : null;
    res.page('activities/calendar', {
      period: query.view === 'week' ? req.fmt.dayRange(days[0]!.day, days.at(-1)!.day) : req.fmt.month(date),
      nowMark,
      title: req.t('activities.calendar.title'),
      view: query.view,
      date,
      today,
      days,
      prev,
      next,
      hours,
      ownerId,
      viewerId: user.id,
      users: activeUsers(ctx.db),
      items,
      dayItems: MONTH_DAY_ITEMS,
      now: ctx.clock.now(),
    });
  });

  /** A click on a calendar slot: choose one of the calendar owner's records to plan a call, meeting or task on, at that time. */
  r.get('/calendar/new', requireUser, (req, res) => {
    const user = currentUser(req);
    const at = typeof req.query.at === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(req.query.at) ? req.query.at : req.fmt.localInput(ctx.clock.now());
    res.page('activities/pick', { title: req.t('activities.calendar.newHere'), at, ...slotRecords(ctx, user, Number(req.query.user) || user.id), viewerId: user.id });
  });

  return r;
}
