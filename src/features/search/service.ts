import type { AppContext } from '../../context.js';
import { companies, contacts, deals, leads } from '../../db/schema/index.js';
import { rowCondition } from '../../platform/access/index.js';
import type { CurrentUser } from '../../platform/auth/sessions.js';
import { matchExpression, type SearchEntity } from '../../platform/records/search.js';
import { matchingRecords } from './queries.js';

export interface Hit {
  href: string;
  title: string;
}

export interface SearchResults {
  tooShort: boolean;
  groups: { entity: SearchEntity; hits: Hit[] }[];
}

const paths: Record<SearchEntity, string> = { lead: '/leads', deal: '/deals', contact: '/contacts', company: '/companies' };

/**
 * The search box on every page: records of every kind matching the query that this user may read,
 * a few of each kind. Matching comes from the full-text index; the rights condition is applied on top.
 */
export function searchEverything(ctx: AppContext, user: CurrentUser, q: string, perKind = 8): SearchResults {
  const match = matchExpression(q);
  if (match === null) return { tooShort: true, groups: [] };
  const visible: Record<SearchEntity, ReturnType<typeof rowCondition>> = {
    lead: rowCondition(ctx.db, user, 'lead', 'read', { responsible: leads.responsibleId, everyone: leads.everyone }),
    deal: rowCondition(ctx.db, user, 'deal', 'read', { responsible: deals.responsibleId, everyone: deals.everyone }),
    contact: rowCondition(ctx.db, user, 'contact', 'read', { responsible: contacts.responsibleId }),
    company: rowCondition(ctx.db, user, 'company', 'read', { responsible: companies.responsibleId }),
  };
  const order: SearchEntity[] = ['lead', 'deal', 'contact', 'company'];
  return {
    tooShort: false,
    groups: order
      .map((entity) => ({
        entity,
        hits: matchingRecords(ctx.db, entity, match, visible[entity], perKind).map((r) => ({ href: `${paths[entity]}/${r.id}`, title: r.title })),
      }))
      .filter((g) => g.hits.length > 0),
  };
}
