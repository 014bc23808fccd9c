import { sql } from 'drizzle-orm';
import { sqliteTable, text, integer, index, primaryKey } from 'drizzle-orm/sqlite-core';
import { users } from './users.js';
import { pipelines, referenceItems } from './crm-settings.js';

/**
 * Lead capture (SPEC.md, "Lead capture"): web forms built in the CRM, what visitors sent through them,
 * and the tokens outside systems use to send leads (the lead API, Bitrix24-style webhooks).
 *
 * A form's `fields` is JSON: [{ target, type, label, placeholder, required, options, value }] where
 * target names what it fills ("firstName", "phone", "cf_region", "deal.cf_budget"…, features/forms/fields.ts).
 * `responsibleIds` is JSON: one user, or the users a round-robin rotation goes through.
 */
export const webForms = sqliteTable(
  'web_forms',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** The public part of its URLs (/forms/<key>); random, never reused. */
    key: text('key').notNull().unique(),
    name: text('name').notNull(),
    title: text('title').notNull(),
    description: text('description'),
    /** ru | en: the language of the messages the form shows besides the admin's own texts. */
    locale: text('locale').notNull(),
    fields: text('fields').notNull().default('[]'),
    buttonText: text('button_text').notNull(),
    accentColor: text('accent_color').notNull(),
    backgroundColor: text('background_color').notNull(),
    textColor: text('text_color').notNull(),
    consent: integer('consent', { mode: 'boolean' }).notNull().default(false),
    consentLabel: text('consent_label'),
    /** The personal data policy, shown at /forms/<key>/policy, unless the company's own page is given. */
    policyText: text('policy_text'),
    policyUrl: text('policy_url'),
    /** lead | contactDeal */
    creates: text('creates').notNull(),
    pipelineId: integer('pipeline_id').references(() => pipelines.id),
    sourceId: integer('source_id').references(() => referenceItems.id),
    /** one | rotation */
    responsibleMode: text('responsible_mode').notNull(),
    responsibleIds: text('responsible_ids').notNull().default('[]'),
    /** message | redirect */
    afterSubmit: text('after_submit').notNull(),
    successText: text('success_text'),
    redirectUrl: text('redirect_url'),
    /** auto: records are made at once; manual: submissions wait for a manager (moderation). */
    transfer: text('transfer').notNull(),
    active: integer('active', { mode: 'boolean' }).notNull().default(false),
    /** SHA-256 of the form's secret for the lead API; only its last characters are kept readable. */
    apiTokenHash: text('api_token_hash'),
    apiTokenHint: text('api_token_hint'),
    createdBy: integer('created_by').references(() => users.id),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [index('web_forms_api_token').on(t.apiTokenHash)],
);

/**
 * What a visitor sent: `values` by target (JSON), `meta` the page, referrer, UTM parameters and address
 * (JSON). waiting (moderation) → sent (records made: entity/entityId) or deleted (junk).
 */
export const formSubmissions = sqliteTable(
  'form_submissions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    formId: integer('form_id').notNull().references(() => webForms.id),
    status: text('status').notNull(),
    values: text('values').notNull(),
    meta: text('meta').notNull(),
    at: integer('at').notNull(),
    decidedBy: integer('decided_by').references(() => users.id),
    decidedAt: integer('decided_at'),
    entity: text('entity'),
    entityId: integer('entity_id'),
  },
  (t) => [index('form_submissions_form').on(t.formId, t.status, t.id), index('form_submissions_waiting').on(t.id).where(sql`status = 'waiting'`)],
);

/** Submissions refused as spam or abuse, counted per form and reason; they made nothing. */
export const formRejections = sqliteTable(
  'form_rejections',
  {
    formId: integer('form_id').notNull().references(() => webForms.id),
    /** honeypot | tooFast | expired | rateLimit | tooLarge */
    reason: text('reason').notNull(),
    count: integer('count').notNull(),
    lastAt: integer('last_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.formId, t.reason] })],
);

/** Public submissions per sending address in a fixed window, for the rate limit. */
export const captureThrottle = sqliteTable('capture_throttle', {
  address: text('address').primaryKey(),
  count: integer('count').notNull(),
  windowStartedAt: integer('window_started_at').notNull(),
});

/** Where a lead or deal came from when it came from outside: the form or integration, page, referrer, UTM. */
export const recordOrigins = sqliteTable(
  'record_origins',
  {
    entity: text('entity').notNull(),
    entityId: integer('entity_id').notNull(),
    /** form | api | rest */
    channel: text('channel').notNull(),
    formId: integer('form_id').references(() => webForms.id, { onDelete: 'set null' }),
    /** The form's or integration's name when the record came: it stays readable if that is deleted. */
    sourceName: text('source_name').notNull(),
    pageUrl: text('page_url'),
    referrer: text('referrer'),
    utmSource: text('utm_source'),
    utmMedium: text('utm_medium'),
    utmCampaign: text('utm_campaign'),
    utmContent: text('utm_content'),
    utmTerm: text('utm_term'),
    at: integer('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.entity, t.entityId] })],
);

/**
 * Integration tokens (Settings → Integrations): a secret an outside system sends to the lead API or
 * in a Bitrix24-style webhook URL (/rest/<userId>/<token>/…). It acts as its user, whose rights apply.
 */
export const integrationTokens = sqliteTable(
  'integration_tokens',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    userId: integer('user_id').notNull().references(() => users.id),
    tokenHash: text('token_hash').notNull().unique(),
    tokenHint: text('token_hint').notNull(),
    createdBy: integer('created_by').references(() => users.id),
    createdAt: integer('created_at').notNull(),
    lastUsedAt: integer('last_used_at'),
  },
);
