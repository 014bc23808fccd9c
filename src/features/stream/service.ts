import type { AppContext } from '../../context.js';
import { companies, contacts, deals, leads } from '../../db/schema/index.js';
import { mayEntity, rowCondition } from '../../platform/access/index.js';
import type { CurrentUser } from '../../platform/auth/sessions.js';
import { recordLink, type RecordEntity } from '../../platform/notifications/index.js';
import type { StreamQuery } from './form.js';
import { streamPage, type Visible } from './queries.js';
import { withRefs } from '../../platform/records/history.js';

export const PAGE = 50;
export const streamEntities: RecordEntity[] = ['lead', 'deal', 'contact', 'company'];

/**
 * The activity stream: events on the records this user may read — each entity's own row condition
 * from platform/access, the same as its list — newest first, paged by history id.
 */
export function activityStream(ctx: AppContext, user: CurrentUser, query: StreamQuery) {
  const wanted = (entity: RecordEntity) => mayEntity(user, entity, 'read') && (!query.entity || query.entity === entity);
  const visible: Visible = {
    lead: wanted('lead') ? rowCondition(ctx.db, user, 'lead', 'read', { responsible: leads.responsibleId, everyone: leads.everyone }) : null,
    contact: wanted('contact') ? rowCondition(ctx.db, user, 'contact', 'read', { responsible: contacts.responsibleId }) : null,
    company: wanted('company') ? rowCondition(ctx.db, user, 'company', 'read', { responsible: companies.responsibleId }) : null,
    deal: wanted('deal') ? rowCondition(ctx.db, user, 'deal', 'read', { responsible: deals.responsibleId, everyone: deals.everyone }) : null,
  };
  const rows = streamPage(ctx.db, { visible, userId: query.user ?? null, beforeId: query.before ?? null, limit: PAGE + 1 });
  const page = rows.slice(0, PAGE);
  const events = oneEventPerActivity(page).map((r) => ({ ...withRefs(r), entity: r.entry.entity as RecordEntity, link: recordLink(r.entry.entity as RecordEntity, r.entry.entityId) }));
  return { events, nextBefore: rows.length > PAGE ? page[page.length - 1]!.entry.id : null, entities: streamEntities.filter((e) => mayEntity(user, e, 'read')) };
}

const shownFirst: Record<string, number> = { deal: 0, lead: 1, contact: 2, company: 3 };

/**
 * A done activity writes one event into the history of each of its records (a deal's call also into
 * its contact's and company's), written together: the stream shows it once, on the record it was
 * added on — the deal before its contact and company — or, when that one is hidden, on a visible one.
 */
export function oneEventPerActivity<T extends { entry: { kind: string; at: number; userId: number | null; field: string | null; newValue: string | null; entity: string } }>(rows: T[]): T[] {
  const chosen = new Map<string, T>();
  const keyOf = (r: T) => (r.entry.kind === 'activity' ? JSON.stringify([r.entry.at, r.entry.userId, r.entry.field, r.entry.newValue]) : null);
  for (const r of rows) {
    const key = keyOf(r);
    if (key === null) continue;
    const best = chosen.get(key);
    if (!best || (shownFirst[r.entry.entity] ?? 9) < (shownFirst[best.entry.entity] ?? 9)) chosen.set(key, r);
  }
  return rows.filter((r) => {
    const key = keyOf(r);
    return key === null || chosen.get(key) === r;
  });
}
