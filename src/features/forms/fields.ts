import type { Db } from '../../db/connection.js';
import type { MessageKey } from '../../platform/i18n/index.js';
import { commProblem } from '../../platform/records/communications.js';
import type { CustomDef } from '../../platform/records/custom/definitions.js';
import { customDefs } from '../../platform/records/custom/queries.js';
import { referenceList } from '../pipelines/queries.js';

/**
 * What a web form's fields can fill. A field has a target — a lead field ("firstName", "phone"), a
 * custom field ("cf_region"), or with "contact + deal" a contact's or deal's one ("contact.cf_region",
 * "deal.cf_budget") — and a type that target accepts. The target is also the field's input name on the
 * hosted page, in the embed and in the lead API with the form's token.
 */
export const fieldTypes = ['text', 'phone', 'email', 'list', 'checkbox', 'textarea', 'hidden'] as const;
export type FieldType = (typeof fieldTypes)[number];

export const createsKinds = ['lead', 'contactDeal'] as const;
export type Creates = (typeof createsKinds)[number];

export interface FormField {
  target: string;
  type: FieldType;
  label: string;
  placeholder: string | null;
  required: boolean;
  /** A list's options, typed by the admin, for targets that hold text. */
  options: string[];
  /** A hidden field's fixed value (a list target's: the item's id). */
  value: string | null;
}

export interface Choice {
  value: string;
  label: string;
}

export interface Target {
  key: string;
  entity: 'lead' | 'contact' | 'deal';
  /** The input of the entity's own form it fills: "firstName", "cf_region", "comms.phone". */
  input: string;
  label: { key: MessageKey } | { text: string };
  types: readonly FieldType[];
  /** Options the CRM defines (lead sources, a custom list's options); the admin's are used otherwise. */
  choices?: Choice[];
}

const TEXT: readonly FieldType[] = ['text', 'list', 'hidden'];
const NAME: readonly FieldType[] = ['text', 'hidden'];
const LONG: readonly FieldType[] = ['textarea', 'text', 'list', 'hidden'];

/** Longest value accepted per field type; record fields cut shorter where they are shorter. */
export const maxLength: Record<FieldType, number> = { text: 200, phone: 40, email: 200, list: 200, checkbox: 10, textarea: 5000, hidden: 500 };

function standard(key: string, entity: Target['entity'], types: readonly FieldType[], input = key): Target {
  return { key, entity, input, label: { key: `forms.target.${key.replace(/^(contact|deal)\./, '')}` as MessageKey }, types };
}

function customTargets(db: Db, entity: Target['entity'], prefix: string): Target[] {
  const byType: Partial<Record<CustomDef['type'], readonly FieldType[]>> = { string: TEXT, text: ['textarea', 'text', 'hidden'], number: NAME, boolean: ['checkbox', 'hidden'], list: ['list', 'hidden'] };
  return customDefs(db, entity).flatMap((def) => {
    const types = byType[def.type];
    if (!types) return [];
    const choices = def.type === 'list' ? def.options.map((o) => ({ value: String(o.id), label: o.label })) : undefined;
    return [{ key: `${prefix}cf_${def.code}`, entity, input: `cf_${def.code}`, label: { text: def.label }, types, ...(choices ? { choices } : {}) }];
  });
}

/** Every target a form that creates `creates` may use, in the order the builder offers them. */
export function targetsFor(db: Db, creates: Creates): Target[] {
  const sources = { ...standard('sourceId', creates === 'lead' ? 'lead' : 'deal', ['list', 'hidden']), choices: referenceList(db, 'source').map((s) => ({ value: String(s.id), label: s.name })) };
  if (creates === 'lead') {
    return [
      standard('title', 'lead', TEXT),
      standard('lastName', 'lead', NAME),
      standard('firstName', 'lead', NAME),
      standard('middleName', 'lead', NAME),
      standard('phone', 'lead', ['phone', 'hidden']),
      standard('email', 'lead', ['email', 'hidden']),
      standard('companyTitle', 'lead', TEXT),
      standard('position', 'lead', TEXT),
      standard('comments', 'lead', LONG),
      sources,
      ...customTargets(db, 'lead', ''),
    ];
  }
  return [
    standard('lastName', 'contact', NAME),
    standard('firstName', 'contact', NAME),
    standard('middleName', 'contact', NAME),
    standard('phone', 'contact', ['phone', 'hidden']),
    standard('email', 'contact', ['email', 'hidden']),
    standard('position', 'contact', TEXT),
    standard('title', 'deal', TEXT),
    standard('comments', 'deal', LONG),
    sources,
    ...customTargets(db, 'contact', 'contact.'),
    ...customTargets(db, 'deal', 'deal.'),
  ];
}

export function parseFields(json: string): FormField[] {
  try {
    const parsed: unknown = JSON.parse(json);
    return Array.isArray(parsed) ? (parsed as FormField[]) : [];
  } catch {
    return [];
  }
}

/** The options a visitor picks from: the CRM's for a target that has them, else the admin's. */
export function optionsOf(field: FormField, target: Target | undefined): Choice[] {
  return target?.choices ?? field.options.map((o) => ({ value: o, label: o }));
}

export type ReadValue = { ok: true; value: string | null } | { ok: false; key: MessageKey; params?: Record<string, number> };

/**
 * One posted value of a visible field, checked by its type: a trimmed text (null when empty), "1" for
 * a ticked checkbox, a list's option value. Hidden fields are not read: they carry their fixed value.
 */
export function readValue(field: FormField, target: Target | undefined, raw: unknown): ReadValue {
  if (field.type === 'hidden') return { ok: true, value: field.value };
  const text = typeof raw === 'string' ? raw.trim() : typeof raw === 'number' || typeof raw === 'boolean' ? String(raw) : Array.isArray(raw) && typeof raw[0] === 'string' ? raw[0].trim() : '';
  if (field.type === 'checkbox') {
    const ticked = text !== '' && !['0', 'false', 'no', 'off'].includes(text.toLowerCase());
    return !ticked && field.required ? { ok: false, key: 'forms.error.required' } : { ok: true, value: ticked ? '1' : null };
  }
  if (text === '') return field.required ? { ok: false, key: 'forms.error.required' } : { ok: true, value: null };
  if (text.length > maxLength[field.type]) return { ok: false, key: 'forms.error.tooLong', params: { n: maxLength[field.type] } };
  if (field.type === 'phone' && commProblem('phone', text)) return { ok: false, key: 'forms.error.phone' };
  if (field.type === 'email' && commProblem('email', text)) return { ok: false, key: 'forms.error.email' };
  if (field.type === 'list' && !optionsOf(field, target).some((o) => o.value === text)) return { ok: false, key: 'forms.error.option' };
  return { ok: true, value: text };
}
