import type { z } from 'zod';
import type { AppContext } from '../../context.js';
import type { CurrentUser } from '../../platform/auth/sessions.js';
import { asFormValues } from '../../platform/records/inline.js';
import { normalize, type Comm } from '../../platform/records/communications.js';
import { moneyInput } from '../../platform/money.js';
import { companyForm, type CompanyInput } from '../companies/form.js';
import { companyFor, companyFormValues, createCompany, updateCompany } from '../companies/service.js';
import { contactForm, fullNameOf, type ContactInput } from '../contacts/form.js';
import { contactFor, contactFormValues, createContact, updateContact } from '../contacts/service.js';
import { dealFormChecked, type DealInput } from '../deals/form.js';
import { createDeal, dealFor, dealFormValues, updateDeal } from '../deals/service.js';
import { leadForm, type LeadInput } from '../leads/form.js';
import { createLead, leadFor, leadFormValues, updateLead } from '../leads/service.js';
import { productForm, vatChoice, type ProductInput } from '../catalog/form.js';
import { createProduct, productFor, updateProduct } from '../catalog/service.js';
import { contactWriter } from './contact-writer.js';
import type { ImportEntity } from './fields.js';
import type { ImportOptions, MatchKind } from './convert.js';
import type { Lookups } from './queries.js';

/**
 * Per entity: its own form (the parser a person's input goes through), the defaults of a new record,
 * an existing record as its form posts it (the base an update overlays), how a duplicate is found, and
 * its own service's create and update, which check rights, write history and the search index.
 * Per-record notifications are left out: the import sends none for records it makes.
 */
export interface EntityImport {
  form: z.ZodType;
  base(ctx: AppContext, options: ImportOptions): Record<string, unknown>;
  existing(ctx: AppContext, user: CurrentUser, id: number): Record<string, unknown>;
  duplicate(lk: Lookups, input: Record<string, unknown>, comms: Comm[], by: MatchKind[]): number | null;
  create(ctx: AppContext, user: CurrentUser, input: unknown): number;
  /** A faster create for a whole job, where there is one (contacts). */
  writer?(ctx: AppContext, user: CurrentUser): (input: unknown) => number;
  update(ctx: AppContext, user: CurrentUser, id: number, input: unknown): void;
  /** Has phones and e-mails. */
  comms: boolean;
}

const byComms = (lk: Lookups, entity: string, comms: Comm[], by: MatchKind[]): number | null => {
  for (const c of comms) {
    if ((c.kind === 'email' && by.includes('email')) || (c.kind === 'phone' && by.includes('phone'))) {
      const id = lk.byComm(entity, c.kind, normalize(c.kind, c.value));
      if (id !== null) return id;
    }
  }
  return null;
};

const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');

const responsibleBase = (o: ImportOptions) => ({ responsibleId: String(o.responsibleId) });

export const entityImports: Record<ImportEntity, EntityImport> = {
  contact: {
    form: contactForm,
    comms: true,
    base: (_ctx, o) => responsibleBase(o),
    existing: (ctx, user, id) => contactFormValues(ctx, user, contactFor(ctx, user, id, 'edit')),
    duplicate(lk, input, comms, by) {
      const found = byComms(lk, 'contact', comms, by);
      if (found !== null || !by.includes('name')) return found;
      const name = fullNameOf({ lastName: text(input.lastName) || null, firstName: text(input.firstName) || null, middleName: text(input.middleName) || null });
      return name ? lk.contactByName(name) : null;
    },
    create: (ctx, user, input) => createContact(ctx, user, input as ContactInput, { notify: false }).id,
    writer(ctx, user) {
      const write = contactWriter(ctx, user);
      return (input) => write(input as ContactInput);
    },
    update: (ctx, user, id, input) => updateContact(ctx, user, id, input as ContactInput),
  },
  company: {
    form: companyForm,
    comms: true,
    base: (_ctx, o) => responsibleBase(o),
    existing: (ctx, user, id) => companyFormValues(ctx, user, companyFor(ctx, user, id, 'edit')),
    duplicate(lk, input, comms, by) {
      if (by.includes('taxId') && text(input.taxId)) {
        const id = lk.companyByTaxId(text(input.taxId));
        if (id !== null) return id;
      }
      const found = byComms(lk, 'company', comms, by);
      if (found !== null || !by.includes('name')) return found;
      return text(input.title) ? lk.companyByTitle(text(input.title)) : null;
    },
    create: (ctx, user, input) => createCompany(ctx, user, input as CompanyInput, { notify: false }).id,
    update: (ctx, user, id, input) => updateCompany(ctx, user, id, input as CompanyInput),
  },
  lead: {
    form: leadForm,
    comms: true,
    base: (_ctx, o) => ({ ...responsibleBase(o), statusId: o.statusId ? String(o.statusId) : '', currency: o.currency }),
    existing: (ctx, user, id) => leadFormValues(ctx, user, leadFor(ctx, user, id, 'edit')),
    duplicate(lk, input, comms, by) {
      const found = byComms(lk, 'lead', comms, by);
      if (found !== null || !by.includes('name')) return found;
      return text(input.title) ? lk.leadByTitle(text(input.title)) : null;
    },
    create: (ctx, user, input) => createLead(ctx, user, input as LeadInput, undefined, { notify: false }).id,
    update: (ctx, user, id, input) => updateLead(ctx, user, id, input as LeadInput),
  },
  deal: {
    form: dealFormChecked,
    comms: false,
    base: (_ctx, o) => ({ ...responsibleBase(o), stageId: o.stageId ? String(o.stageId) : '', currency: o.currency }),
    existing: (ctx, user, id) => dealFormValues(ctx, user, dealFor(ctx, user, id, 'edit')),
    duplicate: (lk, input, _comms, by) => (by.includes('name') && text(input.title) ? lk.dealByTitle(text(input.title)) : null),
    create: (ctx, user, input) => createDeal(ctx, user, input as DealInput, { notify: false }).id,
    update: (ctx, user, id, input) => updateDeal(ctx, user, id, input as DealInput),
  },
  product: {
    form: productForm,
    comms: false,
    base: (_ctx, o) => ({ currency: o.currency, active: '1', vatIncluded: '1', vat: '', vatCustom: '' }),
    existing(ctx, user, id) {
      const p = productFor(ctx, user, id);
      return { ...asFormValues({ ...p, price: moneyInput(p.priceMinor, p.currency) }), ...vatChoice(p.vatBp) };
    },
    duplicate(lk, input, _comms, by) {
      if (!by.includes('name')) return null;
      if (text(input.sku)) {
        const id = lk.productBySku(text(input.sku));
        if (id !== null) return id;
      }
      return text(input.name) ? lk.productByName(text(input.name)) : null;
    },
    create: (ctx, user, input) => createProduct(ctx, user, input as ProductInput).id,
    update: (ctx, user, id, input) => updateProduct(ctx, user, id, input as ProductInput),
  },
};

/** Communications as the forms post them, the stored ones first and each value once. */
export function postedComms(existing: unknown, added: Comm[]): Record<string, { type: string; value: string }[]> {
  const out: Record<string, { type: string; value: string }[]> = {};
  const seen = new Set<string>();
  const push = (kind: string, type: string, value: string) => {
    const key = `${kind}:${normalize(kind as Comm['kind'], value)}`;
    if (seen.has(key)) return;
    seen.add(key);
    (out[kind] ??= []).push({ type, value });
  };
  if (existing && typeof existing === 'object') {
    for (const [kind, list] of Object.entries(existing as Record<string, { type: string; value: string }[]>)) for (const c of list ?? []) push(kind, c.type, c.value);
  }
  for (const c of added) push(c.kind, c.type, c.value);
  return out;
}
