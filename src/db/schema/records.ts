import { sql } from 'drizzle-orm';
import { sqliteTable, text, integer, primaryKey, index } from 'drizzle-orm/sqlite-core';
import { users } from './users.js';
import { leadStatuses, pipelines, referenceItems, stages } from './crm-settings.js';

/**
 * Companies and contacts. Every CRM record has a responsible user (the "own" of access rights),
 * custom field values as JSON, and a soft delete: deleted records wait in the recycle bin.
 */
/** Indexes for lists cover live rows only (partial, WHERE deleted_at IS NULL): each sort order of a list reads its first page straight from one. */
const live = sql`deleted_at IS NULL`;
/**
 * The recycle bin reads deleted rows by an index over those only. An index led by deleted_at over
 * every row would be taken by the planner for "deleted_at IS NULL" and make a list sort all live rows
 * instead of walking its sort index.
 */
const deleted = sql`deleted_at IS NOT NULL`;

const recordColumns = () => ({
  comments: text('comments'),
  responsibleId: integer('responsible_id').notNull().references(() => users.id),
  custom: text('custom').notNull().default('{}'),
  createdBy: integer('created_by').references(() => users.id),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
  deletedAt: integer('deleted_at'),
  deletedBy: integer('deleted_by').references(() => users.id),
});

export const companies = sqliteTable(
  'companies',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    title: text('title').notNull(),
    typeId: integer('type_id').references(() => referenceItems.id),
    industryId: integer('industry_id').references(() => referenceItems.id),
    legalName: text('legal_name'),
    taxId: text('tax_id'),
    kpp: text('kpp'),
    ogrn: text('ogrn'),
    bankName: text('bank_name'),
    bankBik: text('bank_bik'),
    bankAccount: text('bank_account'),
    corrAccount: text('corr_account'),
    legalAddress: text('legal_address'),
    address: text('address'),
    ...recordColumns(),
  },
  (t) => [
    index('companies_deleted').on(t.deletedAt).where(deleted),
    index('companies_responsible').on(t.responsibleId, t.id),
    index('companies_title_live').on(t.title, t.id).where(live),
    index('companies_created_live').on(t.createdAt, t.id).where(live),
    index('companies_updated_live').on(t.updatedAt, t.id).where(live),
    index('companies_type_live').on(t.typeId, t.id).where(live),
    index('companies_industry_live').on(t.industryId, t.id).where(live),
  ],
);

export const contacts = sqliteTable(
  'contacts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    lastName: text('last_name'),
    firstName: text('first_name'),
    middleName: text('middle_name'),
    /** "Last First Middle" as shown and sorted; kept by the service from the three parts. */
    fullName: text('full_name').notNull(),
    position: text('position'),
    typeId: integer('type_id').references(() => referenceItems.id),
    sourceId: integer('source_id').references(() => referenceItems.id),
    birthday: text('birthday'),
    ...recordColumns(),
  },
  (t) => [
    index('contacts_deleted').on(t.deletedAt).where(deleted),
    index('contacts_responsible').on(t.responsibleId, t.id),
    index('contacts_name_live').on(t.fullName, t.id).where(live),
    index('contacts_created_live').on(t.createdAt, t.id).where(live),
    index('contacts_updated_live').on(t.updatedAt, t.id).where(live),
    index('contacts_type_live').on(t.typeId, t.id).where(live),
    index('contacts_source_live').on(t.sourceId, t.id).where(live),
  ],
);

/** A contact may belong to several companies; a company has several contacts. */
export const contactCompanies = sqliteTable(
  'contact_companies',
  {
    contactId: integer('contact_id').notNull().references(() => contacts.id),
    companyId: integer('company_id').notNull().references(() => companies.id),
  },
  (t) => [primaryKey({ columns: [t.contactId, t.companyId] }), index('contact_companies_company').on(t.companyId)],
);

/**
 * Phones, e-mails, sites and messengers of leads, contacts and companies, with a normalised value
 * (digits of a phone, a lower-cased e-mail) that duplicate detection, mail matching and search use.
 */
export const communications = sqliteTable(
  'communications',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    entity: text('entity').notNull(),
    entityId: integer('entity_id').notNull(),
    kind: text('kind').notNull(),
    type: text('type').notNull(),
    value: text('value').notNull(),
    normalized: text('normalized').notNull(),
    sort: integer('sort').notNull().default(0),
  },
  (t) => [index('communications_owner').on(t.entity, t.entityId), index('communications_lookup').on(t.kind, t.normalized)],
);

/** Every change to a record (who, when, field, old → new) and its comments, newest last. */
export const history = sqliteTable(
  'history',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    entity: text('entity').notNull(),
    entityId: integer('entity_id').notNull(),
    at: integer('at').notNull(),
    userId: integer('user_id').references(() => users.id),
    /** created | changed | deleted | restored | comment | converted | merged */
    kind: text('kind').notNull(),
    field: text('field'),
    oldValue: text('old_value'),
    newValue: text('new_value'),
  },
  (t) => [index('history_record').on(t.entity, t.entityId, t.at)],
);

/**
 * Deals: what is being sold, in a pipeline stage. Money is integer minor units plus a currency code.
 * Entering a won or lost stage sets closedAt; reopening clears it.
 */
export const deals = sqliteTable(
  'deals',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    title: text('title').notNull(),
    pipelineId: integer('pipeline_id').notNull().references(() => pipelines.id),
    stageId: integer('stage_id').notNull().references(() => stages.id),
    /** The stage's place among all stages (pipeline × 10000 + position), kept by triggers (migration 0018): a list sorted by stage walks its index. */
    stageRank: integer('stage_rank').notNull().default(0),
    amountMinor: integer('amount_minor').notNull().default(0),
    currency: text('currency').notNull(),
    probability: integer('probability'),
    typeId: integer('type_id').references(() => referenceItems.id),
    sourceId: integer('source_id').references(() => referenceItems.id),
    expectedClose: text('expected_close'),
    closedAt: integer('closed_at'),
    contactId: integer('contact_id').references(() => contacts.id),
    companyId: integer('company_id').references(() => companies.id),
    everyone: integer('everyone', { mode: 'boolean' }).notNull().default(false),
    /**
     * The furthest stage (by the stages' order, lost ones not counted) the deal has been in within its
     * pipeline; null while it has only been in lost ones. Kept by triggers (migration 0030) from the
     * stage it enters: the sales funnel's "reached" counts read it.
     */
    furthestStageId: integer('furthest_stage_id'),
    ...recordColumns(),
  },
  (t) => [
    index('deals_deleted').on(t.deletedAt).where(deleted),
    index('deals_responsible').on(t.responsibleId, t.id),
    index('deals_stage_live').on(t.stageId, t.id).where(live),
    index('deals_stage_rank_live').on(t.stageRank, t.id).where(live),
    index('deals_totals_live').on(t.pipelineId, t.stageId, t.currency, t.amountMinor).where(live),
    index('deals_title_live').on(t.title, t.id).where(live),
    index('deals_created_live').on(t.createdAt, t.id).where(live),
    index('deals_amount_live').on(t.amountMinor, t.id).where(live),
    index('deals_pipeline_created_live').on(t.pipelineId, t.createdAt, t.id).where(live),
    index('deals_pipeline_amount_live').on(t.pipelineId, t.amountMinor, t.id).where(live),
    index('deals_responsible_created_live').on(t.responsibleId, t.createdAt, t.id).where(live),
    /** The home page: my deals, most recently changed first. */
    index('deals_responsible_updated_live').on(t.responsibleId, t.updatedAt, t.id).where(live),
    index('deals_updated_live').on(t.updatedAt, t.id).where(live),
    index('deals_close_live').on(t.expectedClose, t.id).where(live),
    index('deals_pipeline_live').on(t.pipelineId, t.id).where(live),
    index('deals_type_live').on(t.typeId, t.id).where(live),
    index('deals_source_live').on(t.sourceId, t.id).where(live),
    index('deals_contact').on(t.contactId),
    index('deals_company').on(t.companyId),
    /**
     * Reports (features/reports): deals opened, closed or expected to close in a period, read from the
     * index alone — every column a report groups, sums or filters by, deleted_at last so SQLite can
     * take the index as covering (it does not for a partial index whose condition the query repeats).
     */
    index('deals_report_created_live').on(t.createdAt, t.responsibleId, t.stageId, t.currency, t.amountMinor, t.contactId, t.companyId, t.typeId, t.furthestStageId, t.deletedAt).where(live),
    // By person and currency first: "by manager" walks it in its groups' order (no sort of a year's deals).
    index('deals_report_people_live').on(t.responsibleId, t.currency, t.createdAt, t.stageId, t.amountMinor, t.typeId, t.companyId, t.deletedAt).where(live),
    index('deals_report_closed_live').on(t.closedAt, t.responsibleId, t.stageId, t.currency, t.amountMinor, t.companyId, t.typeId, t.deletedAt).where(sql`deleted_at IS NULL AND closed_at IS NOT NULL`),
    // By stage first: the deals won (or lost) in a period are one range per stage, however few the period holds — the
    // product report joins their product rows from here (a month: 2 ms instead of 175 ms through the stage index).
    index('deals_report_stage_closed_live').on(t.stageId, t.closedAt, t.responsibleId, t.currency, t.companyId, t.typeId, t.deletedAt).where(sql`deleted_at IS NULL AND closed_at IS NOT NULL`),
    index('deals_report_expected_live').on(t.expectedClose, t.stageId, t.responsibleId, t.currency, t.amountMinor, t.probability, t.companyId, t.typeId, t.deletedAt).where(live),
  ],
);

/**
 * Leads: someone who showed interest. Converted in one action into a contact, a company and/or a
 * deal; the lead keeps links to what it became.
 */
export const leads = sqliteTable(
  'leads',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    title: text('title').notNull(),
    lastName: text('last_name'),
    firstName: text('first_name'),
    middleName: text('middle_name'),
    companyTitle: text('company_title'),
    position: text('position'),
    statusId: integer('status_id').notNull().references(() => leadStatuses.id),
    /** The status's position, kept by triggers (migration 0018): a list sorted by status walks its index. */
    statusRank: integer('status_rank').notNull().default(0),
    sourceId: integer('source_id').references(() => referenceItems.id),
    amountMinor: integer('amount_minor').notNull().default(0),
    currency: text('currency').notNull(),
    everyone: integer('everyone', { mode: 'boolean' }).notNull().default(false),
    convertedAt: integer('converted_at'),
    contactId: integer('contact_id').references(() => contacts.id),
    companyId: integer('company_id').references(() => companies.id),
    dealId: integer('deal_id').references(() => deals.id),
    ...recordColumns(),
  },
  (t) => [
    index('leads_status_live').on(t.statusId, t.id).where(live),
    index('leads_status_rank_live').on(t.statusRank, t.id).where(live),
    index('leads_deleted').on(t.deletedAt).where(deleted),
    index('leads_responsible').on(t.responsibleId, t.id),
    index('leads_responsible_live').on(t.responsibleId, t.id).where(live),
    index('leads_created_live').on(t.createdAt, t.id).where(live),
    index('leads_updated_live').on(t.updatedAt, t.id).where(live),
    index('leads_title_live').on(t.title, t.id).where(live),
    index('leads_amount_live').on(t.amountMinor, t.id).where(live),
    index('leads_source_live').on(t.sourceId, t.id).where(live),
    /** The lead funnel (features/reports): leads created in a period by status, from the index alone. */
    index('leads_report_created_live').on(t.createdAt, t.statusId, t.responsibleId, t.deletedAt).where(live),
  ],
);
