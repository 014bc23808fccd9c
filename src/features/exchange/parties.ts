import type { AppContext } from '../../context.js';
import type { CmlCounterparty } from '../../integrations/commerceml/document-records.js';
import type { CurrentUser } from '../../platform/auth/sessions.js';
import { ValidationError } from '../../platform/errors.js';
import { commProblem, normalize, type Comm } from '../../platform/records/communications.js';
import { createCompany } from '../companies/service.js';
import { createContact } from '../contacts/service.js';
import * as q from './order-queries.js';

/**
 * The contact and company of an order's counterparty: found by the Ид 1C or the store gave it, then
 * by e-mail, phone or ИНН, or made through the contacts' and companies' own services. A counterparty
 * with an ИНН or an official name is a company (its representative becomes its contact); any other
 * is a person.
 */
export interface Party {
  contactId: number | null;
  companyId: number | null;
}

function comms(c: CmlCounterparty): Comm[] {
  return c.contacts.flatMap((k): Comm[] => {
    const kind = /почт|mail/i.test(k.type) ? 'email' : /тел|phone|факс/i.test(k.type) ? 'phone' : null;
    if (!kind || commProblem(kind, k.value)) return [];
    return [{ kind, type: kind === 'phone' && /моб/i.test(k.type) ? 'mobile' : 'work', value: k.value.slice(0, 200) }];
  });
}

function byComms(ctx: AppContext, entity: 'contact' | 'company', list: Comm[]): number | null {
  for (const kind of ['email', 'phone'] as const) {
    for (const c of list.filter((x) => x.kind === kind)) {
      const id = q.recordByComm(ctx.db, entity, kind, normalize(kind, c.value));
      if (id) return id;
    }
  }
  return null;
}

const digits = (v: string | undefined, ...lengths: number[]) => (v && /^\d+$/.test(v) && lengths.includes(v.length) ? v : null);

/** "Смирнов Олег Иванович" → last, first, middle; the parts 1C gives separately win. */
function nameParts(c: CmlCounterparty, fallback: string): { lastName: string | null; firstName: string | null; middleName: string | null } {
  if (c.lastName || c.firstName) return { lastName: c.lastName ?? null, firstName: c.firstName ?? null, middleName: c.middleName ?? null };
  const words = (c.name ?? c.fullName ?? fallback).split(/\s+/).filter(Boolean);
  return { lastName: words[0]?.slice(0, 100) ?? fallback, firstName: words[1]?.slice(0, 100) ?? null, middleName: words.slice(2).join(' ').slice(0, 100) || null };
}

/** A service refusing the record names its fields: the import then says which. */
function explained<T>(what: string, make: () => T): T {
  try {
    return make();
  } catch (err) {
    if (err instanceof ValidationError) throw new Error(`${what}: ${Object.entries(err.fields).map(([f, e]) => `${f} (${e.key})`).join(', ')}`);
    throw err;
  }
}

export function partyFor(ctx: AppContext, actor: CurrentUser, c: CmlCounterparty | undefined, responsibleId: number, fallbackName: string): Party {
  if (!c) return { contactId: null, companyId: null };
  const list = comms(c);
  const isCompany = Boolean(c.inn || c.officialName || c.kpp);
  if (!isCompany) return { contactId: contactFor(ctx, actor, c.id, list, nameParts(c, fallbackName), responsibleId, []), companyId: null };
  let companyId = (c.id ? q.partyRecord(ctx.db, 'company', c.id) : null) ?? (digits(c.inn, 10, 12) ? q.companyByTaxId(ctx.db, c.inn!) : null) ?? byComms(ctx, 'company', list);
  if (!companyId) {
    const bank = c.bankAccounts[0];
    companyId = explained('company', () =>
      createCompany(ctx, actor, {
        title: (c.name ?? c.officialName ?? fallbackName).slice(0, 200),
        typeId: null,
        industryId: null,
        responsibleId,
        legalName: c.officialName?.slice(0, 300) ?? null,
        taxId: digits(c.inn, 10, 12),
        kpp: digits(c.kpp, 9),
        ogrn: null,
        bankName: bank?.bank?.slice(0, 200) ?? null,
        bankBik: digits(bank?.bik, 9),
        bankAccount: digits(bank?.account, 20),
        corrAccount: digits(bank?.correspondent, 20),
        legalAddress: c.address?.slice(0, 500) ?? null,
        address: null,
        comments: null,
        comms: list,
        custom: {},
      }),
    ).id;
  }
  if (c.id) q.linkParty(ctx.db, 'company', c.id, companyId);
  const rep = c.representatives.find((r) => r.name);
  const contactId = rep ? contactFor(ctx, actor, rep.id, [], nameParts({ ...c, name: rep.name, lastName: undefined, firstName: undefined }, rep.name!), responsibleId, [companyId]) : null;
  return { contactId, companyId };
}

function contactFor(
  ctx: AppContext,
  actor: CurrentUser,
  externalId: string | undefined,
  list: Comm[],
  name: { lastName: string | null; firstName: string | null; middleName: string | null },
  responsibleId: number,
  companyIds: number[],
): number {
  let id = (externalId ? q.partyRecord(ctx.db, 'contact', externalId) : null) ?? byComms(ctx, 'contact', list);
  if (!id) {
    id = explained('contact', () =>
      createContact(ctx, actor, { ...name, position: null, typeId: null, sourceId: null, birthday: null, responsibleId, companyIds, comments: null, comms: list, custom: {} }),
    ).id;
  }
  if (externalId) q.linkParty(ctx.db, 'contact', externalId, id);
  return id;
}
