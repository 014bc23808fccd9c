import type { AppContext } from '../../context.js';
import type { CurrentUser } from '../../platform/auth/sessions.js';
import { dealFor, saveDealRows } from '../deals/service.js';
import { leadFor, saveLeadRows } from '../leads/service.js';
import type { RowEntity, RowInput } from './service.js';

/**
 * What the rows editor needs of the record whose rows it edits: loading it with the user's rights
 * (404 / 403 as its own pages), its currency, where its page is, and how its rows are saved together
 * with what follows from them (a deal's amount, a document's totals). Documents register theirs.
 */
export interface RowOwner {
  entity: RowEntity;
  /** The URL segment: /deals/7/products. */
  base: string;
  load(ctx: AppContext, user: CurrentUser, id: number, action: 'read' | 'edit'): { id: number; currency: string; title: string; locked: boolean };
  save(ctx: AppContext, user: CurrentUser, id: number, rows: RowInput[]): void;
}

export const dealOwner: RowOwner = {
  entity: 'deal',
  base: '/deals',
  load: (ctx, user, id, action) => {
    const deal = dealFor(ctx, user, id, action);
    return { id: deal.id, currency: deal.currency, title: deal.title, locked: false };
  },
  save: saveDealRows,
};

export const leadOwner: RowOwner = {
  entity: 'lead',
  base: '/leads',
  load: (ctx, user, id, action) => {
    const lead = leadFor(ctx, user, id, action);
    return { id: lead.id, currency: lead.currency, title: lead.title, locked: lead.convertedAt !== null };
  },
  save: saveLeadRows,
};
