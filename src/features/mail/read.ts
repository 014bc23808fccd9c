import type { AppContext } from '../../context.js';
import type { CurrentUser } from '../../platform/auth/sessions.js';
import { NotFoundError } from '../../platform/errors.js';
import { activityFor } from '../activities/service.js';
import * as q from './queries.js';

/**
 * A message exists for a user when its e-mail activity does (platform/access/activities: they may
 * read one of its records, or it is theirs). Mail without an activity (notifications to users) is
 * not shown on any page.
 */
export function visibleMessage(ctx: AppContext, user: CurrentUser, id: number): q.MessageRow {
  const m = q.findMessage(ctx.db, id);
  if (!m || m.activityId === null) throw new NotFoundError();
  activityFor(ctx, user, m.activityId, 'read');
  return m;
}

/** Whether the user may send again, or answer: as for changing the activity. */
export function mayActOn(ctx: AppContext, user: CurrentUser, m: q.MessageRow): boolean {
  if (m.activityId === null) return false;
  try {
    activityFor(ctx, user, m.activityId, 'edit');
    return true;
  } catch {
    return false;
  }
}
