import { z } from 'zod';
import type { Db } from '../../../db/connection.js';
import { mayRecord } from '../../access/index.js';
import type { CurrentUser } from '../../auth/sessions.js';
import { getCompany } from '../../company.js';
import type { FieldErrors } from '../../errors.js';
import { formatter } from '../../format.js';
import { isActiveUser } from '../names.js';
import { inputName, storedValues, type CustomDef, type CustomEntity, type LinkTarget } from './definitions.js';
import { customDefs, linkedName, linkedRecord } from './queries.js';
import { displayValue, formValue, parseCustomValues } from './values.js';

/**
 * Custom values in the records' forms and services. A form post carries the inputs "cf_<code>";
 * withCustom gathers them into the parsed input's `custom` (keyed by code), so every entity form,
 * in-place editing included, hands them to its service, which checks them with the other fields
 * (readCustom) and saves them in the same transaction. An input built in code (a kanban quick-add,
 * a conversion) has no `custom` and keeps what is stored; the routes that build one check the
 * required fields themselves (requiredFields, completeRequired).
 */
const PREFIX = 'cf_';

export const customInput = z.record(z.string(), z.unknown()).optional();

export function withCustom<S extends z.ZodType>(schema: S) {
  return z.preprocess((raw) => {
    if (!raw || typeof raw !== 'object') return raw;
    const posted = raw as Record<string, unknown>;
    const custom = Object.fromEntries(Object.entries(posted).filter(([k]) => k.startsWith(PREFIX) && !k.endsWith('_q')).map(([k, v]) => [k.slice(PREFIX.length), v]));
    return { ...posted, custom };
  }, schema);
}

/** `null` is "no user": lead capture (a web form) makes a record in the company's time zone, asking nobody's rights. */
export function timeZoneOf(db: Db, user: CurrentUser | null): string {
  return user?.timeZone ?? getCompany(db)?.timeZone ?? 'UTC';
}

function linkOk(db: Db, user: CurrentUser | null, target: LinkTarget, id: number): boolean {
  if (target === 'user') return isActiveUser(db, id);
  const row = linkedRecord(db, target === 'contact' ? 'contacts' : 'companies', id);
  return row !== undefined && (user === null || mayRecord(db, user, target, 'read', { responsibleId: row.responsible_id }));
}

function parseEnv(db: Db, user: CurrentUser | null) {
  return { timeZone: timeZoneOf(db, user), currency: getCompany(db)?.baseCurrency ?? 'RUB', linkOk: (t: LinkTarget, id: number) => linkOk(db, user, t, id) };
}

/** The values to store (as JSON) from the posted ones, or the errors by input; the stored JSON when nothing was posted. */
export function readCustom(db: Db, user: CurrentUser | null, entity: CustomEntity, posted: Record<string, unknown> | undefined, stored: string | undefined): { json: string; errors: FieldErrors } {
  if (posted === undefined) return { json: stored ?? '{}', errors: {} };
  const { values, errors } = parseCustomValues(customDefs(db, entity), posted, storedValues(stored), parseEnv(db, user));
  return { json: JSON.stringify(values), errors };
}

/** A record's custom values as its form posts them. */
export function customFormValues(db: Db, user: CurrentUser, entity: CustomEntity, stored: string): Record<string, unknown> {
  const values = storedValues(stored);
  const tz = timeZoneOf(db, user);
  const out: Record<string, unknown> = {};
  for (const def of customDefs(db, entity)) {
    const v = formValue(def, values[def.code], tz);
    if (v !== undefined) out[inputName(def.code)] = v;
  }
  return out;
}

/**
 * The active fields' values as history records them, keyed "custom:<label>" (the history shows the
 * label as it was): written in the company's language and time zone, like the record's other values.
 */
export function customShown(db: Db, entity: CustomEntity, stored: string): Record<string, string | null> {
  const company = getCompany(db);
  const fmt = formatter(company?.locale === 'en' ? 'en' : 'ru', company?.timeZone ?? 'UTC');
  const values = storedValues(stored);
  return Object.fromEntries(customDefs(db, entity).map((def) => [`custom:${def.label}`, displayValue(def, values[def.code], fmt, (t, id) => linkedName(db, t, id))]));
}

export interface CustomView {
  def: CustomDef;
  name: string;
  text: string | null;
  /** The linked record's page, when the user may open it. */
  href: string | null;
}

/** The active fields of a record page, as this user reads them (a linked record out of their sight shows as its number). */
export function customViews(db: Db, user: CurrentUser, entity: CustomEntity, stored: string, fmt: Parameters<typeof displayValue>[2]): CustomView[] {
  const values = storedValues(stored);
  const visible = (t: LinkTarget, id: number) => t === 'user' || linkOk(db, user, t, id);
  return customDefs(db, entity).map((def) => {
    const value = values[def.code];
    const readable = def.type !== 'link' || value === undefined || visible(def.target!, Number(value));
    const text = displayValue(def, value, fmt, (t, id) => (readable ? linkedName(db, t, id) : null));
    const href = def.type === 'link' && value !== undefined && readable && def.target !== 'user' ? `/${def.target === 'contact' ? 'contacts' : 'companies'}/${String(value)}` : null;
    return { def, name: inputName(def.code), text, href };
  });
}

/** The active required fields of an entity: a quick form that cannot ask for them sends the user to the full form. */
export function requiredFields(db: Db, entity: CustomEntity): CustomDef[] {
  return customDefs(db, entity).filter((d) => d.required);
}

/** Required fields that stored values leave empty. */
export function requiredLeft(db: Db, entity: CustomEntity, json: string): CustomDef[] {
  const values = storedValues(json);
  return requiredFields(db, entity).filter((d) => values[d.code] === undefined);
}

/**
 * A record made in code from another one (a lead's conversion) still gets its required fields: those
 * its carried values leave empty are read from inputs named "<prefix>cf_<code>". Returns the JSON to
 * store, or the errors keyed by those inputs.
 */
export function completeRequired(db: Db, user: CurrentUser, entity: CustomEntity, json: string, posted: Record<string, unknown>, prefix: string): { json: string; errors: FieldErrors } {
  const missing = requiredLeft(db, entity, json);
  if (missing.length === 0) return { json, errors: {} };
  const byCode = Object.fromEntries(missing.map((d) => [d.code, posted[prefix + inputName(d.code)]]));
  const { values, errors } = parseCustomValues(missing, byCode, storedValues(json), parseEnv(db, user));
  return { json: JSON.stringify(values), errors: Object.fromEntries(Object.entries(errors).map(([name, e]) => [prefix + name, e])) };
}
