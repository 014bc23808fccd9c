import type { AppContext } from '../../context.js';
import { mayRecord } from '../../platform/access/index.js';
import type { CurrentUser } from '../../platform/auth/sessions.js';
import { ConflictError, ValidationError } from '../../platform/errors.js';
import { moneyInput } from '../../platform/money.js';
import { loadComms } from '../../platform/records/communications.js';
import { recordEvent, refText } from '../../platform/records/history.js';
import { notify, recordLink } from '../../platform/notifications/index.js';
import { carryLeadActivities } from '../activities/service.js';
import { carriedValues } from '../../platform/records/custom/carry.js';
import { completeRequired, requiredLeft } from '../../platform/records/custom/index.js';
import { createCompany } from '../companies/service.js';
import { findCompany, updateCompany } from '../companies/queries.js';
import { createContact } from '../contacts/service.js';
import { companyIdsOf, findContact, setContactCompanies, updateContact } from '../contacts/queries.js';
import { createDeal } from '../deals/service.js';
import { findDeal, findStage, updateDeal } from '../deals/queries.js';
import { findDuplicates } from '../duplicates/service.js';
import { allPipelines, stagesOf } from '../pipelines/queries.js';
import type { ConvertInput } from './form.js';
import type { CustomDef } from '../../platform/records/custom/definitions.js';
import { copyRows } from '../product-rows/service.js';
import * as q from './queries.js';
import { leadFor } from './service.js';

/**
 * Existing contacts and companies the lead seems to be, offered for linking instead of duplicating:
 * contacts sharing a phone or e-mail with it, companies with its company title (duplicate detection).
 */
export function conversionMatches(ctx: AppContext, user: CurrentUser, lead: q.LeadRow) {
  const comms = loadComms(ctx.db, 'lead', [lead.id]).get(lead.id) ?? [];
  return {
    contacts: findDuplicates(ctx, user, 'contact', { name: null, companyTitle: null, comms }),
    companies: findDuplicates(ctx, user, 'company', { name: lead.companyTitle, companyTitle: null, comms: [] }),
  };
}

export type ConvertTarget = 'contact' | 'company' | 'deal';

/**
 * What a converted lead became, each by its name when the reader may see it (a record since deleted
 * or hidden from them keeps only its number).
 */
export function convertedInto(ctx: AppContext, user: CurrentUser, lead: q.LeadRow): { entity: ConvertTarget; id: number; name: string | null }[] {
  const contact = lead.contactId ? findContact(ctx.db, lead.contactId) : null;
  const company = lead.companyId ? findCompany(ctx.db, lead.companyId) : null;
  const deal = lead.dealId ? findDeal(ctx.db, lead.dealId) : null;
  const named = (entity: ConvertTarget, id: number | null, record: { responsibleId: number; everyone?: boolean } | null, name: string | undefined) =>
    id === null ? [] : [{ entity, id, name: record && mayRecord(ctx.db, user, entity, 'read', record) ? (name ?? null) : null }];
  return [...named('contact', lead.contactId, contact, contact?.fullName), ...named('company', lead.companyId, company, company?.title), ...named('deal', lead.dealId, deal, deal?.title)];
}

/** Per record a conversion can make: the required custom fields the lead's carried values leave empty, which its form asks for. */
export function conversionRequired(ctx: AppContext, lead: q.LeadRow): Record<ConvertTarget, CustomDef[]> {
  const left = (entity: ConvertTarget) => requiredLeft(ctx.db, entity, carriedValues(ctx.db, 'lead', entity, lead.custom));
  return { contact: left('contact'), company: left('company'), deal: left('deal') };
}

/**
 * Converts a lead in one transaction into a contact and/or a company and/or a deal — new ones carrying
 * every field, communication, comment and custom value (platform/records/custom/carry.ts), or
 * existing ones linked instead. The lead becomes
 * "Converted" and links to what it became; each record's history says where it came from.
 */
export function convertLead(ctx: AppContext, user: CurrentUser, leadId: number, choice: ConvertInput, posted: Record<string, unknown> = {}): { contactId: number | null; companyId: number | null; dealId: number | null } {
  const lead = leadFor(ctx, user, leadId, 'edit');
  if (lead.convertedAt) throw new ConflictError('leads.error.converted');
  if (choice.contact.kind === 'none' && choice.company.kind === 'none' && !choice.deal) throw new ValidationError({ _form: { key: 'leads.error.nothingChosen' } });
  const converted = q.convertedStatus(ctx.db);
  if (!converted) throw new ConflictError('leads.error.noConvertedStatus');
  const comms = loadComms(ctx.db, 'lead', [lead.id]).get(lead.id) ?? [];
  const now = ctx.clock.now();
  const stageId = choice.stageId && findStage(ctx.db, choice.stageId) ? choice.stageId : stagesOf(ctx.db, allPipelines(ctx.db)[0]!.id)[0]!.id;
  // Each new record's custom values: carried from the lead, and its required fields the lead leaves empty from the form.
  const customOf = (entity: ConvertTarget) => completeRequired(ctx.db, user, entity, carriedValues(ctx.db, 'lead', entity, lead.custom), posted, `${entity}.`);
  const custom = {
    company: choice.company.kind === 'new' ? customOf('company') : null,
    contact: choice.contact.kind === 'new' ? customOf('contact') : null,
    deal: choice.deal ? customOf('deal') : null,
  };
  const customErrors = Object.assign({}, custom.company?.errors, custom.contact?.errors, custom.deal?.errors);
  if (Object.keys(customErrors).length) throw new ValidationError(customErrors);

  return ctx.sqlite.transaction(() => {
    let companyId: number | null = null;
    if (choice.company.kind === 'link') {
      const company = findCompany(ctx.db, choice.company.id);
      if (!company || !mayRecord(ctx.db, user, 'company', 'read', company)) throw new ValidationError({ company: { key: 'validation.invalid' } });
      companyId = company.id;
    } else if (choice.company.kind === 'new') {
      companyId = createCompany(ctx, user, {
        title: lead.companyTitle || lead.title, typeId: null, industryId: null, responsibleId: lead.responsibleId, legalName: null, taxId: null, kpp: null, ogrn: null,
        bankName: null, bankBik: null, bankAccount: null, corrAccount: null, legalAddress: null, address: null, comments: lead.comments,
        comms: lead.lastName || lead.firstName ? comms.filter((c) => c.kind === 'web') : comms,
      }, { notify: false }).id;
      updateCompany(ctx.db, companyId, { custom: custom.company!.json });
    }

    let contactId: number | null = null;
    if (choice.contact.kind === 'link') {
      const contact = findContact(ctx.db, choice.contact.id);
      if (!contact || !mayRecord(ctx.db, user, 'contact', 'read', contact)) throw new ValidationError({ contact: { key: 'validation.invalid' } });
      contactId = contact.id;
      if (companyId !== null) setContactCompanies(ctx.db, contactId, [...new Set([...companyIdsOf(ctx.db, contactId), companyId])]);
    } else if (choice.contact.kind === 'new') {
      contactId = createContact(ctx, user, {
        lastName: lead.lastName ?? (lead.firstName ? null : lead.title), firstName: lead.firstName, middleName: lead.middleName, position: lead.position,
        typeId: null, sourceId: lead.sourceId, birthday: null, responsibleId: lead.responsibleId, companyIds: companyId !== null ? [companyId] : [],
        comments: lead.comments, comms,
      }, { notify: false }).id;
      updateContact(ctx.db, contactId, { custom: custom.contact!.json });
    }

    let dealId: number | null = null;
    if (choice.deal) {
      dealId = createDeal(ctx, user, {
        title: lead.title, stageId, amount: lead.amountMinor ? moneyInput(lead.amountMinor, lead.currency) : '', currency: lead.currency, probability: null, typeId: null,
        sourceId: lead.sourceId, expectedClose: null, contactId, companyId, responsibleId: lead.responsibleId, everyone: lead.everyone, comments: lead.comments,
      }, { notify: false }).id;
      updateDeal(ctx.db, dealId, { custom: custom.deal!.json });
      // The lead's products go over as they were priced (the deal takes the lead's currency).
      const carried = copyRows(ctx, user.id, { entity: 'lead', id: lead.id }, { entity: 'deal', id: dealId });
      if (carried.count > 0) updateDeal(ctx.db, dealId, { amountMinor: carried.totals.totalMinor });
    }

    q.updateLead(ctx.db, lead.id, { statusId: converted.id, convertedAt: now, contactId, companyId, dealId, updatedAt: now });
    const made = ([['contact', contactId], ['company', companyId], ['deal', dealId]] as const).flatMap(([entity, id]) => (id !== null ? [{ entity, id }] : []));
    recordEvent(ctx.db, { entity: 'lead', entityId: lead.id, at: now, userId: user.id, kind: 'converted', newValue: refText(made) });
    for (const { entity, id } of made) recordEvent(ctx.db, { entity, entityId: id, at: now, userId: user.id, kind: 'converted', oldValue: refText([{ entity: 'lead', id: lead.id }]) });
    carryLeadActivities(ctx, lead.id, { contactId, companyId, dealId });
    // The new records are the lead's responsible's: one notification says so, on the main one of them.
    const main = [['deal', dealId], ['contact', choice.contact.kind === 'new' ? contactId : null], ['company', choice.company.kind === 'new' ? companyId : null]] as const;
    const [entity, id] = main.find(([, made]) => made !== null) ?? [null, null];
    if (entity && id !== null) {
      notify(ctx, {
        userId: lead.responsibleId, kind: 'assigned', entity, entityId: id, actorId: user.id,
        message: { key: 'notify.converted', params: { actor: user.fullName, title: lead.title } }, link: recordLink(entity, id),
      });
    }
    return { contactId, companyId, dealId };
  })();
}
