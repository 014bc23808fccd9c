import { eq } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { users } from '../../db/schema/index.js';
import { assertRecord } from '../../platform/access/index.js';
import type { CurrentUser } from '../../platform/auth/sessions.js';
import { NotFoundError } from '../../platform/errors.js';
import { notify, recordLink, type RecordEntity } from '../../platform/notifications/index.js';
import { recordRef } from '../../platform/notifications/queries.js';
import { recordEvent } from '../../platform/records/history.js';
import { mentionsIn } from './mentions.js';

const SNIPPET = 140;

function snippet(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > SNIPPET ? `${flat.slice(0, SNIPPET - 1)}…` : flat;
}

/**
 * Adds a comment to a record's history. Commenting needs read access only (docs/decisions.md): outside
 * it the record does not exist (404). Every mentioned colleague is notified ("mention"), and the
 * record's responsible ("comment on my record") unless already mentioned; notify() drops whoever may
 * not read the record, and the author.
 */
export function addComment(ctx: AppContext, user: CurrentUser, entity: RecordEntity, entityId: number, text: string): string {
  const record = recordRef(ctx.db, entity, entityId);
  if (!record) throw new NotFoundError();
  assertRecord(ctx.db, user, entity, 'read', record);
  const people = ctx.db.select({ id: users.id, fullName: users.fullName, email: users.email }).from(users).where(eq(users.isActive, true)).all();
  const mentioned = mentionsIn(text, people);
  const link = recordLink(entity, entityId);
  const params = { actor: user.fullName, title: record.title, text: snippet(text) };
  ctx.sqlite.transaction(() => {
    recordEvent(ctx.db, { entity, entityId, at: ctx.clock.now(), userId: user.id, kind: 'comment', newValue: text });
    for (const id of mentioned) notify(ctx, { userId: id, kind: 'mention', entity, entityId, actorId: user.id, message: { key: 'notify.mention', params }, link });
    if (record.responsibleId !== null && !mentioned.includes(record.responsibleId)) {
      notify(ctx, { userId: record.responsibleId, kind: 'comment', entity, entityId, actorId: user.id, message: { key: 'notify.comment', params }, link });
    }
  })();
  return link;
}
