import type { AppContext } from '../../context.js';
import { companies, contacts, deals, leads } from '../../db/schema/index.js';
import { rowCondition } from '../../platform/access/index.js';
import type { CurrentUser } from '../../platform/auth/sessions.js';
import { shownName } from '../../platform/records/builtin.js';
import { loadComms, normalize, type Comm } from '../../platform/records/communications.js';
import { userName } from '../../platform/records/names.js';
import { matchExpression, type SearchEntity } from '../../platform/records/search.js';
import { allLeadStatuses, allStages } from '../pipelines/queries.js';
import { matchingRecords, openDealsOf, type MatchRow } from './queries.js';

interface Chip {
  text: string;
  color: string;
}

export interface Hit {
  href: string;
  title: string;
  /** A deal's stage, a lead's status. */
  chip: Chip | null;
  responsible: string | null;
  /** The phone or e-mail the query found, when the title does not show why the record matched. */
  matched: Comm | null;
  /** The company (a deal's, a contact's, a lead's as typed), or a deal's contact. */
  client: string | null;
  /** Under a contact: its open deals. */
  deals: { href: string; title: string; chip: Chip | null }[];
}

export interface SearchResults {
  tooShort: boolean;
  groups: { entity: SearchEntity; hits: Hit[] }[];
}

const paths: Record<SearchEntity, string> = { lead: '/leads', deal: '/deals', contact: '/contacts', company: '/companies' };
const DEALS_PER_CONTACT = 3;

/** The first of a record's phones and e-mails that holds what was typed (in the normalised form search uses). */
function matchedComm(comms: Comm[], q: string): Comm | null {
  const words = q.toLowerCase().split(/\s+/).filter(Boolean);
  const digits = q.replace(/\D/g, '');
  return (
    comms.find((c) => {
      const value = normalize(c.kind, c.value);
      if (c.kind === 'phone') return digits.length >= 3 && (value.includes(digits) || (digits.startsWith('8') && value.includes(`7${digits.slice(1)}`)));
      return words.some((w) => value.includes(w));
    }) ?? null
  );
}

/**
 * The search box on every page: records of every kind matching the query that this user may read,
 * a few of each kind, each with its stage or status, responsible, client and the phone or e-mail that
 * matched; a contact with its open deals. Matching comes from the full-text index with the rights
 * condition on top; the details are read for all hits at once (one statement per kind, one for their
 * phones and e-mails, one for the contacts' deals), never per hit.
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
  const clients = { contact: visible.contact, company: visible.company };
  const stagesById = new Map(allStages(ctx.db).map((s) => [s.id, { text: shownName(user.locale, 'stage', s), color: s.color }]));
  const statusesById = new Map(allLeadStatuses(ctx.db).map((s) => [s.id, { text: shownName(user.locale, 'status', s), color: s.color }]));
  const chipOf = (entity: SearchEntity, stageId: number | null) => (stageId === null ? null : ((entity === 'lead' ? statusesById : stagesById).get(stageId) ?? null));

  const order: SearchEntity[] = ['lead', 'deal', 'contact', 'company'];
  const found = order.map((entity) => ({ entity, rows: matchingRecords(ctx.db, entity, match, visible[entity], clients, perKind) }));
  const contactIds = found.find((f) => f.entity === 'contact')!.rows.map((r) => r.id);
  const contactDeals = openDealsOf(ctx.db, contactIds, visible.deal, DEALS_PER_CONTACT);
  const hitOf = (entity: SearchEntity, r: MatchRow, comms: Map<number, Comm[]>): Hit => ({
    href: `${paths[entity]}/${r.id}`,
    title: r.title,
    chip: chipOf(entity, r.stageId),
    responsible: userName(ctx.db, r.responsibleId),
    matched: r.title.toLowerCase().includes(q.trim().toLowerCase()) ? null : matchedComm(comms.get(r.id) ?? [], q),
    client: r.client,
    deals: entity === 'contact' ? contactDeals.filter((d) => d.contactId === r.id).map((d) => ({ href: `/deals/${d.id}`, title: d.title, chip: chipOf('deal', d.stageId) })) : [],
  });
  return {
    tooShort: false,
    groups: found
      .filter((f) => f.rows.length > 0)
      .map(({ entity, rows }) => {
        const comms = entity === 'deal' ? new Map<number, Comm[]>() : loadComms(ctx.db, entity, rows.map((r) => r.id));
        return { entity, hits: rows.map((r) => hitOf(entity, r, comms)) };
      }),
  };
}
