import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/connection.js';
import { communications } from '../../db/schema/index.js';
import type { Comm, CommKind } from '../../platform/records/communications.js';
import type { CustomEntity } from '../../platform/records/custom/definitions.js';
import { storedValues } from '../../platform/records/custom/definitions.js';
import { customDefs } from '../../platform/records/custom/queries.js';
import { multiFields, parseDate, readMulti, type MultiField } from '../../integrations/bitrix24/protocol.js';

/**
 * Bitrix24's multi-value and custom fields ⇄ ours. PHONE/EMAIL/WEB/IM are our communications, their
 * VALUE_TYPEs mapped to our kinds of phone, e-mail, site and messenger. A custom field `UF_CRM_<CODE>`
 * is ours with that code (in any letter case): Settings → Fields shows the code, so the admin gives a
 * field the code the site already sends (UF_CRM_REGION → "region").
 */
const kinds: Record<MultiField, CommKind> = { PHONE: 'phone', EMAIL: 'email', WEB: 'web', IM: 'im' };
const typesIn: Record<CommKind, Record<string, string>> = {
  phone: { WORK: 'work', MOBILE: 'mobile', HOME: 'home', FAX: 'fax' },
  email: { WORK: 'work', HOME: 'home' },
  web: { WORK: 'site', HOME: 'site', FACEBOOK: 'social', VK: 'social', INSTAGRAM: 'social', LIVEJOURNAL: 'social', TWITTER: 'social' },
  im: { TELEGRAM: 'telegram', WHATSAPP: 'whatsapp', VIBER: 'viber', SKYPE: 'skype' },
};
const typesOut: Record<string, string> = { work: 'WORK', mobile: 'MOBILE', home: 'HOME', fax: 'FAX', site: 'WORK', telegram: 'TELEGRAM', whatsapp: 'WHATSAPP', viber: 'VIBER', skype: 'SKYPE' };

export interface StoredComm extends Comm {
  id: number;
}

export function storedComms(db: Db, entity: string, id: number): StoredComm[] {
  return db
    .select({ id: communications.id, kind: communications.kind, type: communications.type, value: communications.value })
    .from(communications)
    .where(and(eq(communications.entity, entity), eq(communications.entityId, id)))
    .orderBy(asc(communications.sort), asc(communications.id))
    .all() as StoredComm[];
}

/**
 * The communications after `fields` (Bitrix24's update rules for a multi-value field that is given:
 * an item with the ID of a stored one changes it, or removes it with DELETE=Y or an empty VALUE; an
 * item without ID is added). Kinds not given stay as stored.
 */
export function commsIn(fields: Record<string, unknown>, stored: StoredComm[] = []): Comm[] {
  return (Object.keys(kinds) as MultiField[]).flatMap((field): Comm[] => {
    const kind = kinds[field];
    const mine = stored.filter((c) => c.kind === kind);
    if (!(field in fields)) return mine.map(({ kind: k, type, value }) => ({ kind: k, type, value }));
    const given = readMulti(fields[field]);
    const kept = mine.flatMap((c) => {
      const change = given.find((g) => g.id === c.id);
      if (!change) return [{ kind, type: c.type, value: c.value }];
      return change.remove || change.value === '' ? [] : [{ kind, type: typesIn[kind][change.valueType] ?? c.type, value: change.value }];
    });
    const added = given.filter((g) => !g.remove && g.value !== '' && (g.id === null || !mine.some((c) => c.id === g.id))).map((g) => ({ kind, type: typesIn[kind][g.valueType] ?? 'other', value: g.value }));
    return [...kept, ...added];
  });
}

/** The record's multi-value fields as Bitrix24 answers them (only kinds that have values). */
export function commsOut(stored: StoredComm[]): Partial<Record<MultiField, { ID: string; VALUE_TYPE: string; VALUE: string; TYPE_ID: MultiField }[]>> {
  const out: Partial<Record<MultiField, { ID: string; VALUE_TYPE: string; VALUE: string; TYPE_ID: MultiField }[]>> = {};
  for (const field of multiFields) {
    const list = stored.filter((c) => c.kind === kinds[field]).map((c) => ({ ID: String(c.id), VALUE_TYPE: typesOut[c.type] ?? 'OTHER', VALUE: c.value, TYPE_ID: field }));
    if (list.length) out[field] = list;
  }
  return out;
}

/** UF_CRM_* values given → our custom inputs ("cf_<code>"), as the entity's form posts them. */
export function customIn(db: Db, entity: CustomEntity, fields: Record<string, unknown>): Record<string, unknown> {
  const defs = customDefs(db, entity);
  const out: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(fields)) {
    const m = /^UF_CRM_(.+)$/i.exec(key);
    const def = m ? defs.find((d) => d.code.toUpperCase() === m[1]!.toUpperCase()) : undefined;
    if (!def) continue;
    const value = Array.isArray(raw) ? raw[0] : raw;
    if (def.type === 'boolean') out[`cf_${def.code}`] = value === true || ['1', 'Y', 'y', 'true'].includes(String(value)) ? '1' : undefined;
    else if (def.type === 'date') out[`cf_${def.code}`] = parseDate(value) === null ? String(value ?? '') : new Date(parseDate(value)!).toISOString().slice(0, 10);
    else if (def.type === 'list') out[`cf_${def.code}`] = String(def.options.find((o) => String(o.id) === String(value) || o.label.toLowerCase() === String(value).toLowerCase())?.id ?? value ?? '');
    else out[`cf_${def.code}`] = value === undefined || value === null ? '' : String(value);
  }
  return out;
}

/** Our custom values as UF_CRM_<CODE> (list choices by their id, booleans as "1"/"0", empty as null). */
export function customOut(db: Db, entity: CustomEntity, json: string): Record<string, unknown> {
  const values = storedValues(json);
  return Object.fromEntries(
    customDefs(db, entity).map((def) => {
      const v = values[def.code];
      const shown = v === undefined ? (def.type === 'boolean' ? '0' : null) : def.type === 'boolean' ? '1' : typeof v === 'object' ? JSON.stringify(v) : v;
      return [`UF_CRM_${def.code.toUpperCase()}`, shown];
    }),
  );
}
