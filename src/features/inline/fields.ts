import type { AppContext } from '../../context.js';
import type { Entity } from '../../platform/access/model.js';
import type { MessageKey, Translate } from '../../platform/i18n/index.js';
import { formatter } from '../../platform/format.js';
import { customViews, timeZoneOf } from '../../platform/records/custom/index.js';
import { inputName, type CustomDef } from '../../platform/records/custom/definitions.js';
import { customDefs } from '../../platform/records/custom/queries.js';
import { loadComms, type Comm, type CommKind } from '../../platform/records/communications.js';
import { referenceName, userName } from '../../platform/records/names.js';
import type { CurrentUser } from '../../platform/auth/sessions.js';
import { companyIdsOf } from '../contacts/queries.js';
import { pickedRecords, type Pick, type PickEntity } from '../pickers/service.js';

/**
 * The fields of the record pages that can be edited in place: how each is shown, which inputs of the
 * entity's own form it posts, and where its choices come from.
 */
export type FieldKind = 'text' | 'textarea' | 'number' | 'date' | 'select' | 'checkbox' | 'money' | 'person' | 'picker' | 'comms' | 'custom';

export interface FieldSpec {
  /** The URL segment: /deals/7/fields/amount. */
  name: string;
  label: MessageKey;
  kind: FieldKind;
  /** The entity form's inputs this field posts. */
  inputs: readonly string[];
  /** A select's choices: a reference list, or the active users. */
  list?: string | 'users';
  picker?: { entity: PickEntity; multiple: boolean };
  comm?: CommKind;
  required?: boolean;
  /** Shown even when empty (a deal's amount of 0). */
  always?: boolean;
  /** A custom field: its definition, whose label (the admin's own words) is shown instead of `label`. */
  custom?: CustomDef;
}

export type InlineEntity = 'lead' | 'contact' | 'company' | 'deal';

const field = (name: string, label: MessageKey, extra: Partial<FieldSpec> = {}): FieldSpec => ({ name, label, kind: 'text', inputs: [name], ...extra });
const select = (name: string, label: MessageKey, list: string): FieldSpec => ({ name, label, kind: 'select', inputs: [name], list });
const responsible: FieldSpec = { name: 'responsibleId', label: 'records.responsible', kind: 'select', inputs: ['responsibleId'], list: 'users' };
const comments = (label: MessageKey): FieldSpec => ({ name: 'comments', label, kind: 'textarea', inputs: ['comments'] });
const money: FieldSpec = { name: 'amount', label: 'deals.field.amount', kind: 'money', inputs: ['amount', 'currency'] };
const person = (label: MessageKey): FieldSpec => ({ name: 'name', label, kind: 'person', inputs: ['lastName', 'firstName', 'middleName'] });
const comms = (prefix: 'leads' | 'contacts' | 'companies'): FieldSpec[] =>
  (['phone', 'email', 'web', 'im'] as const).map((kind) => ({ name: kind, label: `${prefix}.field.${kind}` as MessageKey, kind: 'comms', inputs: [`comms.${kind}`], comm: kind }));

export const fieldSpecs: Record<InlineEntity, FieldSpec[]> = {
  deal: [
    field('title', 'deals.field.title', { required: true }),
    { ...money, always: true },
    field('probability', 'deals.field.probability', { kind: 'number' }),
    field('expectedClose', 'deals.field.expectedClose', { kind: 'date' }),
    select('typeId', 'deals.field.type', 'dealType'),
    select('sourceId', 'deals.field.source', 'source'),
    responsible,
    field('everyone', 'deals.field.everyone', { kind: 'checkbox' }),
    comments('records.comments'),
    { name: 'companyId', label: 'deals.field.company', kind: 'picker', inputs: ['companyId'], picker: { entity: 'company', multiple: false } },
    { name: 'contactId', label: 'deals.field.contact', kind: 'picker', inputs: ['contactId'], picker: { entity: 'contact', multiple: false } },
  ],
  lead: [
    field('title', 'leads.field.title', { required: true }),
    person('leads.person'),
    field('position', 'leads.field.position'),
    field('companyTitle', 'leads.field.companyTitle'),
    ...comms('leads'),
    { ...money, label: 'leads.field.amount' },
    select('sourceId', 'leads.field.source', 'source'),
    responsible,
    field('everyone', 'leads.field.everyone', { kind: 'checkbox' }),
    comments('records.comments'),
  ],
  contact: [
    person('contacts.field.name'),
    field('position', 'contacts.field.position'),
    { name: 'companyIds', label: 'contacts.field.companies', kind: 'picker', inputs: ['companyIds'], picker: { entity: 'company', multiple: true } },
    ...comms('contacts'),
    select('typeId', 'contacts.field.type', 'contactType'),
    select('sourceId', 'contacts.field.source', 'source'),
    field('birthday', 'contacts.field.birthday', { kind: 'date' }),
    responsible,
    comments('records.comments'),
  ],
  company: [
    field('title', 'companies.field.title', { required: true }),
    select('typeId', 'companies.field.type', 'companyType'),
    select('industryId', 'companies.field.industry', 'industry'),
    ...comms('companies'),
    responsible,
    comments('records.comments'),
    ...(['legalName', 'taxId', 'kpp', 'ogrn', 'bankName', 'bankBik', 'bankAccount', 'corrAccount'] as const).map((f) => field(f, `companies.field.${f}`)),
    field('legalAddress', 'companies.field.legalAddress', { kind: 'textarea' }),
    field('address', 'companies.field.address', { kind: 'textarea' }),
  ],
};

/** An active custom field as an in-place field named by its input ("cf_<code>"); a link to a record is a picker. */
function customSpec(def: CustomDef): FieldSpec {
  const name = inputName(def.code);
  const picker = def.type === 'link' && def.target !== 'user' ? { picker: { entity: def.target as PickEntity, multiple: false } } : {};
  return { name, label: 'custom.section', kind: 'custom', inputs: [name], custom: def, required: def.required, ...picker };
}

export function fieldSpec(ctx: AppContext, entity: InlineEntity, name: string): FieldSpec | null {
  const builtIn = fieldSpecs[entity].find((f) => f.name === name);
  if (builtIn) return builtIn;
  const def = customDefs(ctx.db, entity).find((d) => inputName(d.code) === name);
  return def ? customSpec(def) : null;
}

/** The label a page shows for a field. */
export const labelOf = (spec: FieldSpec, t: Translate): string => spec.custom?.label ?? t(spec.label);

export const entityBase: Record<InlineEntity, string> = { lead: '/leads', contact: '/contacts', company: '/companies', deal: '/deals' };

/** How one field of one record is shown: its stored value and, for choices, the names to show. */
export interface FieldView {
  spec: FieldSpec;
  entity: Entity;
  url: string;
  value: unknown;
  currency?: string;
  /** The shown name of a chosen item (select, person). */
  label?: string | null;
  picks?: Pick[];
  comms?: Comm[];
  empty: boolean;
  editable: boolean;
}

type StoredRecord = { id: number } & Record<string, unknown>;

export function fieldView(ctx: AppContext, user: CurrentUser, entity: InlineEntity, record: StoredRecord, spec: FieldSpec, editable: boolean, comms?: Comm[]): FieldView {
  const base = { spec, entity, url: `${entityBase[entity]}/${record.id}/fields/${spec.name}`, editable };
  const input = spec.inputs[0]!;
  switch (spec.kind) {
    case 'custom': {
      const shown = customViews(ctx.db, user, entity, String(record.custom), formatter(user.locale, timeZoneOf(ctx.db, user))).find((c) => c.name === spec.name);
      return { ...base, value: shown?.href ?? null, label: shown?.text ?? null, empty: !shown || shown.text === null };
    }
    case 'money':
      return { ...base, value: record.amountMinor, currency: String(record.currency), empty: !spec.always && !record.amountMinor };
    case 'select': {
      const id = (record[input] as number | null) ?? null;
      return { ...base, value: id, label: spec.list === 'users' ? userName(ctx.db, id) : referenceName(ctx.db, id, user.locale), empty: id === null };
    }
    case 'person': {
      const name = spec.inputs.map((i) => record[i]).filter(Boolean).join(' ');
      return { ...base, value: name, label: name, empty: name === '' };
    }
    case 'picker': {
      const ids = spec.picker!.multiple ? companyIdsOf(ctx.db, record.id) : record[input] ? [record[input] as number] : [];
      const picks = pickedRecords(ctx, user, spec.picker!.entity, ids);
      return { ...base, value: ids, picks, empty: !picks.some((p) => p.title !== null) };
    }
    case 'comms': {
      const list = (comms ?? loadComms(ctx.db, entity, [record.id]).get(record.id) ?? []).filter((c) => c.kind === spec.comm);
      return { ...base, value: list, comms: list, empty: list.length === 0 };
    }
    case 'checkbox':
      return { ...base, value: Boolean(record[input]), empty: !record[input] };
    default: {
      const value = record[input] ?? null;
      return { ...base, value, empty: value === null || value === '' };
    }
  }
}

/** Every in-place field of a record page, by name. */
export function fieldViews(ctx: AppContext, user: CurrentUser, entity: InlineEntity, record: StoredRecord, editable: boolean): Record<string, FieldView> {
  const comms = entity === 'deal' ? [] : (loadComms(ctx.db, entity, [record.id]).get(record.id) ?? []);
  const specs = [...fieldSpecs[entity], ...customDefs(ctx.db, entity).map(customSpec)];
  return Object.fromEntries(specs.map((spec) => [spec.name, fieldView(ctx, user, entity, record, spec, editable, comms)]));
}
