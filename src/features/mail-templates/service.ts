import type { AppContext } from '../../context.js';
import { may } from '../../platform/access/index.js';
import type { CurrentUser } from '../../platform/auth/sessions.js';
import { ForbiddenError, NotFoundError } from '../../platform/errors.js';
import type { TemplateInput } from './form.js';
import * as q from './queries.js';

/**
 * Templates are shared (no owner: kept by those who may change settings, used by everyone) or a
 * user's own (kept and used by that user only). Another user's own template does not exist for you.
 */
export function templateFor(ctx: AppContext, user: CurrentUser, id: number, action: 'use' | 'edit'): q.TemplateRow {
  const t = q.findTemplate(ctx.db, id);
  if (!t || (t.ownerId !== null && t.ownerId !== user.id)) throw new NotFoundError();
  if (action === 'edit' && t.ownerId === null && !may(user, 'settings')) throw new ForbiddenError();
  return t;
}

export function templateList(ctx: AppContext, user: CurrentUser) {
  return q.templatesFor(ctx.db, user.id).map((t) => ({ ...t, mayEdit: t.ownerId === user.id || may(user, 'settings') }));
}

/** Only those who may change settings make a template shared; for others "shared" is ignored. */
function ownerOf(user: CurrentUser, input: TemplateInput): number | null {
  return input.shared && may(user, 'settings') ? null : user.id;
}

export function createTemplate(ctx: AppContext, user: CurrentUser, input: TemplateInput): q.TemplateRow {
  const now = ctx.clock.now();
  return q.insertTemplate(ctx.db, { name: input.name, subject: input.subject, body: input.body, ownerId: ownerOf(user, input), createdAt: now, updatedAt: now });
}

export function updateTemplate(ctx: AppContext, user: CurrentUser, id: number, input: TemplateInput): void {
  templateFor(ctx, user, id, 'edit');
  q.updateTemplate(ctx.db, id, { name: input.name, subject: input.subject, body: input.body, ownerId: ownerOf(user, input), updatedAt: ctx.clock.now() });
}

export function deleteTemplate(ctx: AppContext, user: CurrentUser, id: number): q.TemplateRow {
  const t = templateFor(ctx, user, id, 'edit');
  q.deleteTemplate(ctx.db, id);
  return t;
}
