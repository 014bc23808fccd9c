import type { AppContext } from '../../context.js';
import { mayRecord } from '../../platform/access/index.js';
import type { CurrentUser } from '../../platform/auth/sessions.js';
import { loadComms, type Comm } from '../../platform/records/communications.js';
import { userName } from '../../platform/records/names.js';
import { findCompany } from '../companies/queries.js';
import { findContact } from '../contacts/queries.js';

/** How to reach a deal's client from its page: one per linked contact and company the reader may see. */
export interface ClientCard {
  entity: 'company' | 'contact';
  id: number;
  name: string;
  responsibleName: string | null;
  /** Phones and e-mails, in their order. */
  comms: Comm[];
}

/** The deal's company and contact with their phones, e-mails and responsible; a hidden or deleted one is left out, as on the deal page. */
export function clientCards(ctx: AppContext, user: CurrentUser, deal: { companyId: number | null; contactId: number | null }): ClientCard[] {
  const cards: ClientCard[] = [];
  const company = deal.companyId ? findCompany(ctx.db, deal.companyId) : null;
  if (company && mayRecord(ctx.db, user, 'company', 'read', company)) cards.push({ entity: 'company', id: company.id, name: company.title, responsibleName: userName(ctx.db, company.responsibleId), comms: [] });
  const contact = deal.contactId ? findContact(ctx.db, deal.contactId) : null;
  if (contact && mayRecord(ctx.db, user, 'contact', 'read', contact)) cards.push({ entity: 'contact', id: contact.id, name: contact.fullName, responsibleName: userName(ctx.db, contact.responsibleId), comms: [] });
  for (const card of cards) card.comms = (loadComms(ctx.db, card.entity, [card.id]).get(card.id) ?? []).filter((c) => c.kind === 'phone' || c.kind === 'email');
  return cards;
}
