import type { AppContext } from '../../context.js';
import { companies, contacts, deals, leads } from '../../db/schema/index.js';
import { mayEntity, rowCondition } from '../../platform/access/index.js';
import type { CurrentUser } from '../../platform/auth/sessions.js';
import { recordLink, type RecordEntity } from '../../platform/notifications/index.js';
import type { StreamQuery } from './form.js';
import { streamPage, type Visible } from './queries.js';

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
  const events = rows.slice(0, PAGE).map((r) => ({ ...r, entity: r.entry.entity as RecordEntity, link: recordLink(r.entry.entity as RecordEntity, r.entry.entityId) }));
  return { events, nextBefore: rows.length > PAGE ? events[events.length - 1]!.entry.id : null, entities: streamEntities.filter((e) => mayEntity(user, e, 'read')) };
}
