import type { AppContext } from '../../context.js';
import type { CurrentUser } from '../../platform/auth/sessions.js';
import type { MessageKey } from '../../platform/i18n/index.js';
import { loadComms, type Comm } from '../../platform/records/communications.js';
import { companyFor, deleteCompany, reindex as reindexCompany, shown as shownCompany } from '../companies/service.js';
import { updateCompany, type CompanyRow } from '../companies/queries.js';
import { contactFor, deleteContact, reindex as reindexContact, shown as shownContact } from '../contacts/service.js';
import { companyIdsOf, findContact, updateContact, type ContactRow } from '../contacts/queries.js';
import { fullNameOf } from '../contacts/form.js';
import { reindex as reindexDeal } from '../deals/service.js';
import { findDeal } from '../deals/queries.js';
import { deleteLead, leadFor, reindex as reindexLead, shown as shownLead } from '../leads/service.js';
import { updateLead, type LeadRow } from '../leads/queries.js';
import { leadName } from '../leads/form.js';
import { ConflictError } from '../../platform/errors.js';
import { convertAtCurrentRate } from '../currencies/service.js';
import { hasRows, repricedRows, type RowInput } from '../product-rows/service.js';
import { contactIdsOfCompany, dealIdsOf, type DupEntity } from './queries.js';

export type Row = { id: number; responsibleId: number } & Record<string, unknown>;
export type Action = 'read' | 'edit' | 'delete';

/** What duplicates of a record are looked for by: its name(s) and its phones and e-mails. */
export interface Draft {
  name: string | null;
  /** Leads only: the company title typed on the lead. */
  companyTitle: string | null;
  comms: Pick<Comm, 'kind' | 'value'>[];
}

/**
 * How one kind of record is merged. `choices` are the fields the user picks between, named as the
 * record's history and form name them (`<fieldPrefix><key>`), each with the columns that go with it.
 * Communications, and a contact's companies, are not chosen: the merged record keeps both.
 */
export interface MergeKind {
  entity: DupEntity;
  fieldPrefix: string;
  numberKey: MessageKey;
  path: string;
  choices: Record<string, string[]>;
  load(ctx: AppContext, user: CurrentUser, id: number, action: Action): Row;
  label(row: Row): string;
  draft(row: Row, comms: Comm[]): Draft;
  /** The fields as history and the comparison page show them. */
  shown(ctx: AppContext, row: Row, comms: Comm[]): Record<string, unknown>;
  /** Fields not offered for this pair (they follow a rule instead). */
  locked(ctx: AppContext, kept: Row, other: Row): string[];
  /**
   * The product rows the merged record ends with (the kept record's, then the other's, priced in the
   * merged record's currency), or null when neither has any or the kind has none. Refuses, naming
   * the missing rate, when the other's rows cannot be converted.
   */
  rows(ctx: AppContext, kept: Row, other: Row, merged: Row): RowInput[] | null;
  /** Columns that follow from the chosen ones. */
  derived(kept: Row, other: Row, merged: Row): Partial<Row>;
  update(ctx: AppContext, id: number, values: Partial<Row>): void;
  /** Re-indexes the merged record and the records whose search entries carry its name. */
  reindex(ctx: AppContext, row: Row, comms: Comm[]): void;
  remove(ctx: AppContext, user: CurrentUser, id: number): void;
}

export const commsOf = (ctx: AppContext, entity: DupEntity, id: number): Comm[] => loadComms(ctx.db, entity, [id]).get(id) ?? [];
const same = (keys: string[]) => Object.fromEntries(keys.map((k) => [k, [k]]));

function reindexDeals(ctx: AppContext, entity: 'contact' | 'company', id: number): void {
  for (const dealId of dealIdsOf(ctx.db, entity, id)) {
    const deal = findDeal(ctx.db, dealId);
    if (deal) reindexDeal(ctx, deal.id, deal);
  }
}

const contact: MergeKind = {
  entity: 'contact',
  fieldPrefix: 'contacts.field.',
  numberKey: 'contacts.number',
  path: '/contacts/',
  choices: { ...same(['lastName', 'firstName', 'middleName', 'position']), type: ['typeId'], source: ['sourceId'], birthday: ['birthday'], responsible: ['responsibleId'], comments: ['comments'] },
  load: (ctx, user, id, action) => contactFor(ctx, user, id, action) as unknown as Row,
  label: (row) => (row as unknown as ContactRow).fullName,
  draft: (row, comms) => ({ name: (row as unknown as ContactRow).fullName, companyTitle: null, comms }),
  shown: (ctx, row, comms) => shownContact(ctx.db, { ...(row as unknown as ContactRow), companyIds: companyIdsOf(ctx.db, row.id) }, comms),
  locked: () => [],
  rows: () => null,
  derived: (_kept, _other, merged) => ({ fullName: fullNameOf(merged as unknown as ContactRow) }),
  update: (ctx, id, values) => updateContact(ctx.db, id, values as Partial<ContactRow>),
  reindex: (ctx, row, comms) => {
    reindexContact(ctx, row.id, row as unknown as ContactRow, companyIdsOf(ctx.db, row.id), comms);
    reindexDeals(ctx, 'contact', row.id);
  },
  remove: deleteContact,
};

const company: MergeKind = {
  entity: 'company',
  fieldPrefix: 'companies.field.',
  numberKey: 'companies.number',
  path: '/companies/',
  choices: {
    ...same(['title', 'legalName', 'taxId', 'kpp', 'ogrn', 'bankName', 'bankBik', 'bankAccount', 'corrAccount', 'legalAddress', 'address']),
    type: ['typeId'],
    industry: ['industryId'],
    responsible: ['responsibleId'],
    comments: ['comments'],
  },
  load: (ctx, user, id, action) => companyFor(ctx, user, id, action) as unknown as Row,
  label: (row) => (row as unknown as CompanyRow).title,
  draft: (row, comms) => ({ name: (row as unknown as CompanyRow).title, companyTitle: null, comms }),
  shown: (ctx, row, comms) => shownCompany(ctx.db, row as unknown as CompanyRow, comms),
  locked: () => [],
  rows: () => null,
  derived: () => ({}),
  update: (ctx, id, values) => updateCompany(ctx.db, id, values as Partial<CompanyRow>),
  reindex: (ctx, row, comms) => {
    reindexCompany(ctx, row.id, row as unknown as CompanyRow, comms);
    reindexDeals(ctx, 'company', row.id);
    for (const contactId of contactIdsOfCompany(ctx.db, row.id)) {
      const linked = findContact(ctx.db, contactId);
      if (linked) reindexContact(ctx, linked.id, linked, companyIdsOf(ctx.db, linked.id), commsOf(ctx, 'contact', linked.id));
    }
  },
  remove: deleteCompany,
};

const conversion = ['statusId', 'convertedAt', 'contactId', 'companyId', 'dealId'] as const;

const lead: MergeKind = {
  entity: 'lead',
  fieldPrefix: 'leads.field.',
  numberKey: 'leads.number',
  path: '/leads/',
  choices: {
    ...same(['title', 'lastName', 'firstName', 'middleName', 'companyTitle', 'position', 'everyone', 'comments']),
    status: ['statusId'],
    source: ['sourceId'],
    amount: ['amountMinor', 'currency'],
    responsible: ['responsibleId'],
  },
  load: (ctx, user, id, action) => leadFor(ctx, user, id, action) as unknown as Row,
  label: (row) => (row as unknown as LeadRow).title,
  draft: (row, comms) => {
    const l = row as unknown as LeadRow;
    return { name: leadName(l) || null, companyTitle: l.companyTitle, comms };
  },
  shown: (ctx, row, comms) => shownLead(ctx.db, row as unknown as LeadRow, comms),
  // A converted lead stays converted, with its links: its status is not a choice. With product rows
  // on either lead the amount is their total, in the currency of the lead that stays.
  locked: (ctx, kept, other) => [
    ...(kept.convertedAt || other.convertedAt ? ['status'] : []),
    ...(hasRows(ctx.db, 'lead', kept.id) || hasRows(ctx.db, 'lead', other.id) ? ['amount'] : []),
  ],
  rows: (ctx, kept, other, merged) => {
    const to = merged.currency as string;
    const rows = [kept, other].flatMap((l) => {
      const from = l.currency as string;
      if (hasRows(ctx.db, 'lead', l.id) && convertAtCurrentRate(ctx.db, 1, from, to) === null) throw new ConflictError('catalog.rows.error.noRate', { from, to });
      return repricedRows(ctx.db, 'lead', l.id, from, to) ?? [];
    });
    return rows.length ? rows : null;
  },
  derived: (kept, other) => (!kept.convertedAt && other.convertedAt ? Object.fromEntries(conversion.map((c) => [c, other[c]])) : {}),
  update: (ctx, id, values) => updateLead(ctx.db, id, values as Partial<LeadRow>),
  reindex: (ctx, row, comms) => reindexLead(ctx, row.id, row as unknown as LeadRow, comms),
  remove: deleteLead,
};

export const kinds: Record<DupEntity, MergeKind> = { lead, contact, company };
