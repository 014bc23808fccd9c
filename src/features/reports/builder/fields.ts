import { sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Db } from '../../../db/connection.js';
import { activities, companies, contacts, deals, leads } from '../../../db/schema/index.js';
import { translator, type Locale, type MessageKey, type Translate } from '../../../platform/i18n/index.js';
import { shownName } from '../../../platform/records/builtin.js';
import { customDefs } from '../../../platform/records/custom/queries.js';
import type { CustomDef, CustomEntity } from '../../../platform/records/custom/definitions.js';
import { referenceChoices, userChoices } from '../../../platform/records/list/common.js';
import { allLeadStatuses, allPipelines, allStages } from '../../pipelines/queries.js';

/**
 * What a builder report can be made of: per entity, its fields (its own, its custom ones and a few of
 * related records), each as one SQL expression over the entity's table. The kind decides what may be
 * done with a field: every field can be grouped by and compared for equality; dates and times are
 * grouped by a day, week, month, quarter or year; only numbers and money are summed, averaged or
 * compared for their least and greatest.
 */
export const builderEntities = ['deal', 'lead', 'contact', 'company', 'activity'] as const;
export type BuilderEntity = (typeof builderEntities)[number];
export const isBuilderEntity = (v: unknown): v is BuilderEntity => typeof v === 'string' && (builderEntities as readonly string[]).includes(v);

export type FieldKind = 'text' | 'ref' | 'number' | 'money' | 'date' | 'datetime' | 'boolean';
export type Label = { key: MessageKey } | { text: string };

export interface BuilderField {
  key: string;
  label: Label;
  kind: FieldKind;
  /** What is grouped by and compared: an id for ref, minor units for money, a day for date, ms for datetime. */
  value: SQL;
  /** Money: the currency of the amount. */
  currency?: SQL;
  /** Ref: the names behind the ids of the groups shown. */
  names?: (ids: (number | string)[]) => Map<number | string, string>;
  /** The condition "the field equals what the user typed" (a ref by its name, case ignored); null when the text cannot be such a value. */
  equals: (typed: string) => SQL | null;
  /**
   * Drill-down: the record list's filter parameter for the field (platform/records/list/filters.ts),
   * when the list filters by it; `listValues` says what the list is given for one of the field's values
   * when that is not the value itself (a company's name, the stages of an outcome), `byName` that the
   * list compares it as an exact text.
   */
  param?: string;
  listValues?: (v: number | string) => string[];
  byName?: boolean;
  /** Ref: what a list sorts the field by (its names' order, not the ids'). */
  sortBy?: () => SQL;
  /** A list's column only (a multi-value field): its stored value as shown, its options' names joined. */
  shown?: (stored: unknown) => string;
}

export interface EntityCatalog {
  entity: BuilderEntity;
  table: SQLiteTable;
  responsible: SQLiteColumn;
  /** Activities are not kept in a recycle bin. */
  deletedAt?: SQLiteColumn;
  everyone?: SQLiteColumn;
  fields: BuilderField[];
  /** Fields a list may show but nothing groups by, filters or sums (multi-value custom fields). */
  listOnly: BuilderField[];
}

const fold = (s: string) => s.trim().toLocaleLowerCase();
const idsIn = (value: SQL, ids: (number | string)[]) => (ids.length ? sql`${value} IN (${sql.join(ids.map((i) => sql`${i}`), sql`, `)})` : sql`0`);

/** A field whose ids name items of a small list: equality by the item's name, in any of its spellings shown to this reader. */
function listed(key: string, label: Label, value: SQL, items: () => { id: number | string; name: string }[], param?: string): BuilderField {
  return {
    ...(param ? { param } : {}),
    key,
    label,
    kind: 'ref',
    value,
    names: () => new Map(items().map((i) => [i.id, i.name])),
    equals: (typed) => idsIn(value, items().filter((i) => fold(i.name) === fold(typed) || fold(String(i.id)) === fold(typed)).map((i) => i.id)),
    sortBy: () => {
      const ranked = [...items()].sort((a, b) => a.name.localeCompare(b.name));
      return ranked.length ? sql`(CASE ${value} ${sql.join(ranked.map((i, n) => sql`WHEN ${i.id} THEN ${n}`), sql` `)} END)` : value;
    },
  };
}

/** A link to a contact or a company: shown by its name, compared by it. */
function linked(db: Db, key: string, label: Label, value: SQL, target: 'contact' | 'company', param?: string): BuilderField {
  const [table, name] = target === 'company' ? [companies, companies.title] : [contacts, contacts.fullName];
  const names = (ids: (number | string)[]) => {
    const numbers = ids.filter((i): i is number => typeof i === 'number');
    if (!numbers.length) return new Map<number | string, string>();
    // The name of a linked record is shown even when it is in the recycle bin: the figure is the report entity's.
    return new Map<number | string, string>(db.all<{ id: number; name: string }>(sql`SELECT id, ${name} AS name FROM ${table} WHERE ${idsIn(sql`id`, numbers)}`).map((r) => [r.id, r.name]));
  };
  return {
    ...(param ? { param, byName: true, listValues: (v: number | string) => [names([v]).get(v) ?? ''] } : {}),
    key,
    label,
    kind: 'ref',
    value,
    names,
    equals: (typed) => sql`${value} IN (SELECT id FROM ${table} WHERE casefold(${name}) = ${fold(typed)} AND deleted_at IS NULL)`,
    sortBy: () => sql`(SELECT casefold(${name}) FROM ${table} WHERE id = ${value})`,
  };
}

function plain(key: string, label: Label, kind: 'text' | 'number' | 'date' | 'datetime' | 'boolean', value: SQL, param?: string): BuilderField {
  const equals = (typed: string): SQL | null => {
    const s = typed.trim();
    if (kind === 'text') return sql`casefold(${value}) = ${fold(s)}`;
    if (kind === 'number') return /^-?\d+([.,]\d+)?$/.test(s) ? sql`${value} = ${Number(s.replace(',', '.'))}` : null;
    if (kind === 'boolean') return /^(1|true|yes|да)$/i.test(s) ? sql`${value} = 1` : /^(0|false|no|нет)$/i.test(s) ? sql`${value} = 0` : null;
    if (kind === 'date') return /^\d{4}-\d{2}-\d{2}$/.test(s) ? sql`${value} = ${s}` : null;
    return null;
  };
  return { key, label, kind, value, equals, ...(param ? { param, byName: kind === 'text' } : {}) };
}

function money(key: string, label: Label, amount: SQL, currency: SQL): BuilderField {
  return { key, label, kind: 'money', value: amount, currency, equals: () => null };
}

const col = (c: SQLiteColumn) => sql`${c}`;

function customField(db: Db, def: CustomDef, custom: SQLiteColumn): BuilderField | null {
  const key = `cf_${def.code}`;
  const label = { text: def.label };
  // The lists name a custom field's filter by its form input (platform/records/custom/list.ts).
  const param = `f.${key}`;
  const at = (path = '') => sql`json_extract(${custom}, ${`$.${def.code}${path}`})`;
  switch (def.type) {
    case 'string':
    case 'text':
      return plain(key, label, 'text', at(), param);
    case 'number':
    case 'date':
    case 'datetime':
      return plain(key, label, def.type, at(), param);
    case 'boolean':
      // "No" is stored as no value: both are one group.
      return plain(key, label, 'boolean', sql`coalesce(${at()}, 0)`, param);
    case 'money':
      return money(key, label, at('.amount'), at('.currency'));
    case 'list':
      return listed(key, label, at(), () => def.options.map((o) => ({ id: o.id, name: o.label })), param);
    case 'multi':
      // A record in several options would count in several groups: not a grouping the totals could add up.
      return null;
    case 'link':
      if (def.target === 'user') return listed(key, label, at(), () => userChoices(db), param);
      return linked(db, key, label, at(), def.target === 'company' ? 'company' : 'contact', param);
  }
}

function customFields(db: Db, entity: CustomEntity, custom: SQLiteColumn): BuilderField[] {
  return customDefs(db, entity).flatMap((d) => customField(db, d, custom) ?? []);
}

/** Multi-value custom fields as a list's columns: the chosen options' names, in the options' order. */
function multiFields(db: Db, entity: CustomEntity, custom: SQLiteColumn): BuilderField[] {
  return customDefs(db, entity)
    .filter((d) => d.type === 'multi')
    .map((d) => {
      const value = sql`json_extract(${custom}, ${`$.${d.code}`})`;
      const shown = (stored: unknown) => {
        let ids: unknown = [];
        try {
          ids = typeof stored === 'string' ? JSON.parse(stored) : [];
        } catch {
          ids = [];
        }
        const chosen = new Set(Array.isArray(ids) ? ids.map(Number) : []);
        return d.options.filter((o) => chosen.has(o.id)).map((o) => o.label).join(', ');
      };
      return { key: `cf_${d.code}`, label: { text: d.label }, kind: 'text' as const, value, equals: () => null, shown };
    });
}

const k = (key: MessageKey): Label => ({ key });

/** The fields of an entity as this reader sees them (names of built-in items in their language). */
export function catalogOf(db: Db, entity: BuilderEntity, locale: Locale): EntityCatalog {
  const t = translator(locale);
  const users = () => userChoices(db);
  const reference = (list: string) => () => referenceChoices(db, list, locale);
  if (entity === 'deal') {
    const stageItems = () => allStages(db).map((s) => ({ id: s.id, name: shownName(locale, 'stage', s) }));
    const outcomes = () => (['open', 'won', 'lost'] as const).map((o) => ({ id: o, name: t(`builder.outcome.${o}`) }));
    return {
      entity,
      table: deals,
      responsible: deals.responsibleId,
      deletedAt: deals.deletedAt,
      everyone: deals.everyone,
      fields: [
        plain('title', k('deals.field.title'), 'text', col(deals.title), 'f.title'),
        listed('responsible', k('records.responsible'), col(deals.responsibleId), users, 'f.responsible'),
        listed('pipeline', k('deals.field.pipeline'), col(deals.pipelineId), () => allPipelines(db).map((p) => ({ id: p.id, name: shownName(locale, 'pipeline', p) })), 'pipeline'),
        listed('stage', k('deals.field.stage'), col(deals.stageId), stageItems, 'f.stage'),
        {
          // The stages' outcomes written into the query: no lookup per deal.
          ...listed('outcome', k('builder.field.outcome'), sql`(CASE ${deals.stageId} ${sql.join(allStages(db).map((st) => sql`WHEN ${st.id} THEN ${st.semantics}`), sql` `)} END)`, outcomes, 'f.stage'),
          listValues: (v) => allStages(db).filter((s) => s.semantics === v).map((s) => String(s.id)),
        },
        money('amount', k('deals.field.amount'), col(deals.amountMinor), col(deals.currency)),
        plain('currency', k('deals.field.currency'), 'text', col(deals.currency)),
        plain('probability', k('deals.field.probability'), 'number', col(deals.probability), 'f.probability'),
        listed('type', k('deals.field.type'), col(deals.typeId), reference('dealType'), 'f.type'),
        listed('source', k('deals.field.source'), col(deals.sourceId), reference('source'), 'f.source'),
        linked(db, 'company', k('builder.field.companyTitle'), col(deals.companyId), 'company', 'f.company'),
        linked(db, 'contact', k('builder.field.contactName'), col(deals.contactId), 'contact', 'f.contact'),
        listed('companyIndustry', k('builder.field.companyIndustry'), sql`(SELECT industry_id FROM companies WHERE companies.id = ${deals.companyId})`, reference('industry')),
        plain('createdAt', k('records.created'), 'datetime', col(deals.createdAt), 'f.createdAt'),
        plain('closedAt', k('reports.col.closedAt'), 'datetime', col(deals.closedAt), 'f.closedAt'),
        plain('expectedClose', k('deals.field.expectedClose'), 'date', col(deals.expectedClose), 'f.expectedClose'),
        ...customFields(db, 'deal', deals.custom),
      ],
      listOnly: multiFields(db, 'deal', deals.custom),
    };
  }
  if (entity === 'lead') {
    return {
      entity,
      table: leads,
      responsible: leads.responsibleId,
      deletedAt: leads.deletedAt,
      everyone: leads.everyone,
      fields: [
        plain('title', k('leads.field.title'), 'text', col(leads.title), 'f.title'),
        listed('responsible', k('records.responsible'), col(leads.responsibleId), users, 'f.responsible'),
        listed('status', k('leads.field.status'), col(leads.statusId), () => allLeadStatuses(db).map((s) => ({ id: s.id, name: shownName(locale, 'status', s) })), 'f.status'),
        listed('source', k('leads.field.source'), col(leads.sourceId), reference('source'), 'f.source'),
        plain('companyTitle', k('leads.field.companyTitle'), 'text', col(leads.companyTitle), 'f.companyTitle'),
        money('amount', k('leads.field.amount'), col(leads.amountMinor), col(leads.currency)),
        plain('createdAt', k('records.created'), 'datetime', col(leads.createdAt), 'f.createdAt'),
        plain('convertedAt', k('builder.field.convertedAt'), 'datetime', col(leads.convertedAt)),
        ...customFields(db, 'lead', leads.custom),
      ],
      listOnly: multiFields(db, 'lead', leads.custom),
    };
  }
  if (entity === 'contact') {
    return {
      entity,
      table: contacts,
      responsible: contacts.responsibleId,
      deletedAt: contacts.deletedAt,
      fields: [
        plain('name', k('contacts.field.name'), 'text', col(contacts.fullName)),
        listed('responsible', k('records.responsible'), col(contacts.responsibleId), users),
        plain('position', k('contacts.field.position'), 'text', col(contacts.position)),
        listed('type', k('contacts.field.type'), col(contacts.typeId), reference('contactType')),
        listed('source', k('contacts.field.source'), col(contacts.sourceId), reference('source')),
        plain('birthday', k('contacts.field.birthday'), 'date', col(contacts.birthday)),
        plain('createdAt', k('records.created'), 'datetime', col(contacts.createdAt)),
        ...customFields(db, 'contact', contacts.custom),
      ],
      listOnly: multiFields(db, 'contact', contacts.custom),
    };
  }
  if (entity === 'activity') {
    const types = () => (['call', 'meeting', 'task', 'email', 'note'] as const).map((ty) => ({ id: ty, name: t(`activities.type.${ty}`) }));
    const states = () => (['planned', 'done'] as const).map((st) => ({ id: st, name: t(`builder.state.${st}`) }));
    const directions = () => (['in', 'out'] as const).map((d) => ({ id: d, name: t(`activities.direction.${d}`) }));
    return {
      entity,
      table: activities,
      responsible: activities.responsibleId,
      fields: [
        plain('subject', k('activities.field.subject'), 'text', col(activities.subject)),
        listed('type', k('builder.field.activityType'), col(activities.type), types),
        listed('responsible', k('records.responsible'), col(activities.responsibleId), users),
        listed('state', k('builder.field.activityState'), sql`(CASE WHEN ${activities.doneAt} IS NULL THEN 'planned' ELSE 'done' END)`, states),
        listed('direction', k('activities.field.direction'), col(activities.direction), directions),
        plain('success', k('builder.field.reached'), 'boolean', sql`coalesce(${activities.success}, 0)`),
        plain('durationMin', k('activities.field.durationMin'), 'number', col(activities.durationMin)),
        plain('dueAt', k('builder.field.dueAt'), 'datetime', col(activities.dueAt)),
        plain('doneAt', k('builder.field.doneAt'), 'datetime', col(activities.doneAt)),
        plain('createdAt', k('records.created'), 'datetime', col(activities.createdAt)),
      ],
      listOnly: [],
    };
  }
  return {
    entity,
    table: companies,
    responsible: companies.responsibleId,
    deletedAt: companies.deletedAt,
    fields: [
      plain('title', k('companies.field.title'), 'text', col(companies.title)),
      listed('responsible', k('records.responsible'), col(companies.responsibleId), users),
      listed('type', k('companies.field.type'), col(companies.typeId), reference('companyType')),
      listed('industry', k('companies.field.industry'), col(companies.industryId), reference('industry')),
      plain('createdAt', k('records.created'), 'datetime', col(companies.createdAt)),
      ...customFields(db, 'company', companies.custom),
    ],
    listOnly: multiFields(db, 'company', companies.custom),
  };
}

export const fieldOf = (c: EntityCatalog, key: string): BuilderField | undefined => c.fields.find((f) => f.key === key);
/** A field a list may show: any field, or a list-only one. */
export const columnOf = (c: EntityCatalog, key: string): BuilderField | undefined => fieldOf(c, key) ?? c.listOnly.find((f) => f.key === key);
export const isDate = (f: BuilderField) => f.kind === 'date' || f.kind === 'datetime';
export const isNumeric = (f: BuilderField) => f.kind === 'number' || f.kind === 'money';

export const labelText = (label: Label, t: Translate): string => ('text' in label ? label.text : t(label.key));
