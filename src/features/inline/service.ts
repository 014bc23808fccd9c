import type { AppContext } from '../../context.js';
import { deals } from '../../db/schema/index.js';
import { mayEntity, mayRecord, rowCondition } from '../../platform/access/index.js';
import type { CurrentUser } from '../../platform/auth/sessions.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../../platform/errors.js';
import { parseForm } from '../../platform/forms.js';
import { historyOf } from '../../platform/records/history.js';
import { findCompany, type CompanyRow } from '../companies/queries.js';
import { changeCompanyField, companyFor, companyFormValues } from '../companies/service.js';
import { contactForm } from '../contacts/form.js';
import type { ContactRow } from '../contacts/queries.js';
import { changeContactField, contactFor, contactFormValues, createContact } from '../contacts/service.js';
import type { DealRow } from '../deals/queries.js';
import { changeDealField, dealFor, dealFormValues } from '../deals/service.js';
import type { Candidate } from '../duplicates/service.js';
import type { LeadRow } from '../leads/queries.js';
import { changeLeadField, leadFor, leadFormValues } from '../leads/service.js';
import { resolvePickerText } from '../pickers/service.js';
import { fieldView, type FieldSpec, type FieldView, type InlineEntity } from './fields.js';
import { dealsOf } from './queries.js';
import { requiredFields } from '../../platform/records/custom/index.js';

type StoredRecord = { id: number; responsibleId: number; everyone?: boolean } & Record<string, unknown>;

/** What editing in place needs of each entity: its own loader (rights), form values and "change one field". */
interface Entity {
  load(ctx: AppContext, user: CurrentUser, id: number, action: 'read' | 'edit'): StoredRecord;
  formValues(ctx: AppContext, user: CurrentUser, record: StoredRecord): Record<string, unknown>;
  change(ctx: AppContext, user: CurrentUser, id: number, posted: Record<string, unknown>, names: readonly string[]): void;
  /** Beyond the edit right: a converted lead is kept as it was converted. */
  frozen?(record: StoredRecord): boolean;
}

const entities: Record<InlineEntity, Entity> = {
  deal: { load: dealFor, formValues: (ctx, user, r) => dealFormValues(ctx, user, r as DealRow), change: changeDealField },
  lead: { load: leadFor, formValues: (ctx, user, r) => leadFormValues(ctx, user, r as LeadRow), change: changeLeadField, frozen: (r) => r.convertedAt !== null },
  contact: { load: contactFor, formValues: (ctx, user, r) => contactFormValues(ctx, user, r as ContactRow), change: changeContactField },
  company: { load: companyFor, formValues: (ctx, user, r) => companyFormValues(ctx, user, r as CompanyRow), change: changeCompanyField },
};

/** May this user change this record's fields in place (the page then offers it)? */
export function mayEditInPlace(ctx: AppContext, user: CurrentUser, entity: InlineEntity, record: StoredRecord): boolean {
  return mayRecord(ctx.db, user, entity, 'edit', record) && !entities[entity].frozen?.(record);
}

/** The record for showing one field: outside the read scope 404; without the edit right (for editing) 403. */
export function recordFor(ctx: AppContext, user: CurrentUser, entity: InlineEntity, id: number, action: 'read' | 'edit'): StoredRecord {
  const record = entities[entity].load(ctx, user, id, action);
  if (action === 'edit' && entities[entity].frozen?.(record)) throw new ForbiddenError();
  return record;
}

/** The field's inputs as the form would post them now: the stored values. */
export function storedInputs(ctx: AppContext, user: CurrentUser, entity: InlineEntity, record: StoredRecord): Record<string, unknown> {
  return entities[entity].formValues(ctx, user, record);
}

/**
 * Saves one field (text typed in a picker is resolved first) and answers what the page then shows;
 * null when the change (a new responsible) took the record out of the user's sight.
 */
export function saveField(ctx: AppContext, user: CurrentUser, entity: InlineEntity, id: number, spec: FieldSpec, posted: Record<string, unknown>): { view: FieldView; history: ReturnType<typeof historyOf> } | null {
  recordFor(ctx, user, entity, id, 'edit');
  const input = spec.picker ? resolvePickerText(ctx, user, posted, [{ name: spec.inputs[0]!, ...spec.picker }]) : posted;
  entities[entity].change(ctx, user, id, input, spec.inputs);
  try {
    const after = recordFor(ctx, user, entity, id, 'read');
    return { view: fieldView(ctx, user, entity, after, spec, mayEditInPlace(ctx, user, entity, after)), history: historyOf(ctx.db, entity, id) };
  } catch (err) {
    if (err instanceof NotFoundError) return null;
    throw err;
  }
}

/**
 * A contact made on a deal's or a company's page (name, phone, e-mail), through the contact form's own
 * rules, and linked there in the same transaction: a deal gets it as its contact (and the contact
 * joins the deal's company when the user may see it); a company gets it among its contacts.
 */
export function createLinkedContact(
  ctx: AppContext,
  user: CurrentUser,
  to: { deal: number } | { company: number },
  posted: Record<string, unknown>,
  /** Asked once the input is valid, before anything is saved: possible duplicates to show instead. */
  duplicates: () => Candidate[] | null = () => null,
): { contact: ContactRow } | { duplicates: Candidate[] } {
  const deal = 'deal' in to ? dealFor(ctx, user, to.deal, 'edit') : null;
  const company = 'company' in to ? companyFor(ctx, user, to.company, 'read') : deal?.companyId ? findCompany(ctx.db, deal.companyId) : null;
  // Refused before the duplicates check, which would otherwise answer a user who may not add contacts.
  if (!mayEntity(user, 'contact', 'add')) throw new ForbiddenError();
  const form = parseForm(contactForm, {
    lastName: posted.lastName,
    firstName: posted.firstName,
    comms: posted.comms,
    responsibleId: String(user.id),
    companyIds: company && mayRecord(ctx.db, user, 'company', 'read', company) ? [String(company.id)] : [],
  });
  if (!form.ok) throw new ValidationError(form.errors);
  // The small form cannot ask for required custom fields: it sends the user to the full contact form.
  const required = requiredFields(ctx.db, 'contact');
  if (required.length) throw new ValidationError({ _form: { key: 'custom.requiredFullForm', params: { fields: required.map((d) => d.label).join(', ') } } });
  const found = duplicates();
  if (found) return { duplicates: found };
  const contact = ctx.sqlite.transaction(() => {
    // The quick form has no custom fields: none are asked for (as for any record made in code).
    const made = createContact(ctx, user, { ...form.data, custom: undefined });
    if (deal) changeDealField(ctx, user, deal.id, { contactId: String(made.id) }, ['contactId']);
    return made;
  })();
  return { contact };
}

/** The deals panel of a company or a contact page: only the deals this user may read. */
export function relatedDeals(ctx: AppContext, user: CurrentUser, by: { companyId: number } | { contactId: number }) {
  return dealsOf(ctx.db, by, rowCondition(ctx.db, user, 'deal', 'read', { responsible: deals.responsibleId, everyone: deals.everyone }));
}

/**
 * An existing contact linked to a company from the company page: the contact chosen by the picker
 * (text typed there resolved as in any picker) gets the company among its companies, through the
 * contact's own "change one field", so it needs the right to edit that contact.
 */
export function linkContactToCompany(ctx: AppContext, user: CurrentUser, companyId: number, posted: Record<string, unknown>): ContactRow {
  const company = companyFor(ctx, user, companyId, 'read');
  const picked = resolvePickerText(ctx, user, posted, [{ name: 'contactId', entity: 'contact', multiple: false }]);
  const id = Number(picked.contactId);
  if (!Number.isInteger(id) || id <= 0) throw new ValidationError({ contactId: { key: 'validation.required' } });
  const contact = contactFor(ctx, user, id, 'edit');
  const current = contactFormValues(ctx, user, contact).companyIds as string[];
  changeContactField(ctx, user, contact.id, { companyIds: [...new Set([...current, String(company.id)])] }, ['companyIds']);
  return contact;
}
