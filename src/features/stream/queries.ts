import { and, desc, eq, inArray, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { Db } from '../../db/connection.js';
import { companies, contacts, deals, history, leads, users } from '../../db/schema/index.js';
import type { RecordEntity } from '../../platform/notifications/index.js';

/** What the stream shows: creations, stage/status moves, conversions, comments and done activities. */
const shownKinds = ['created', 'converted', 'comment', 'activity'];
const shownFields = ['stage', 'status'];

/** Per entity, the condition on its rows that the user may read (from platform/access), or null when the entity is not wanted. */
export type Visible = Record<RecordEntity, SQL | undefined | null>;

const tables = { lead: leads, contact: contacts, company: companies, deal: deals } as const;

export function streamPage(db: Db, options: { visible: Visible; userId: number | null; beforeId: number | null; limit: number }) {
  const branches = (Object.keys(tables) as RecordEntity[]).flatMap((entity) => {
    const condition = options.visible[entity];
    if (condition === null) return [];
    const table = tables[entity];
    const readable = db.select({ id: table.id }).from(table).where(and(isNull(table.deletedAt), condition));
    return [and(eq(history.entity, entity), inArray(history.entityId, readable))];
  });
  if (branches.length === 0) return [];
  const author = alias(users, 'author');
  return db
    .select({
      entry: history,
      userName: author.fullName,
      title: sql<string | null>`coalesce(${leads.title}, ${contacts.fullName}, ${companies.title}, ${deals.title})`,
    })
    .from(history)
    .leftJoin(author, eq(author.id, history.userId))
    .leftJoin(leads, and(eq(history.entity, 'lead'), eq(leads.id, history.entityId)))
    .leftJoin(contacts, and(eq(history.entity, 'contact'), eq(contacts.id, history.entityId)))
    .leftJoin(companies, and(eq(history.entity, 'company'), eq(companies.id, history.entityId)))
    .leftJoin(deals, and(eq(history.entity, 'deal'), eq(deals.id, history.entityId)))
    .where(
      and(
        or(inArray(history.kind, shownKinds), and(eq(history.kind, 'changed'), inArray(history.field, shownFields))),
        or(...branches),
        options.userId ? eq(history.userId, options.userId) : undefined,
        options.beforeId ? lt(history.id, options.beforeId) : undefined,
      ),
    )
    .orderBy(desc(history.id))
    .limit(options.limit)
    .all();
}
