import type { AppContext } from '../../context.js';
import type { CurrentUser } from '../../platform/auth/sessions.js';
import { ValidationError } from '../../platform/errors.js';
import type { Comm } from '../../platform/records/communications.js';
import { isActiveUser } from '../../platform/records/names.js';
import { isYes, parseDate } from '../../integrations/bitrix24/protocol.js';

/**
 * What crm.*.add and crm.*.update share: Bitrix24's `fields` turned into the post of our own entity
 * form, so the entity's form and service check them exactly as a user's edit (one path into each table).
 */
export type Fields = Record<string, unknown>;

export function fieldsOf(params: Record<string, unknown>): Fields {
  const fields = params.fields ?? params.FIELDS;
  if (!fields || typeof fields !== 'object' || Array.isArray(fields)) throw new ValidationError({ fields: { key: 'bitrix.error.fields' } });
  return fields as Fields;
}

export function idOf(params: Record<string, unknown>): number {
  const id = Number(params.id ?? params.ID);
  if (!Number.isInteger(id) || id <= 0) throw new ValidationError({ id: { key: 'bitrix.error.id' } });
  return id;
}

const text = (v: unknown): string => (v === undefined || v === null ? '' : typeof v === 'object' ? '' : String(v));

/** A plain field: Bitrix24's name, our form's input, and how the value reads. */
export interface Plain {
  bitrix: string;
  input: string;
  read?: (v: unknown) => string;
}

export const asText = text;
export const asFlag = (v: unknown) => (isYes(v) ? '1' : '');
export const asDay = (v: unknown) => {
  const ms = parseDate(v);
  return ms === null ? text(v) : new Date(ms).toISOString().slice(0, 10);
};

/** Lays the given Bitrix24 fields over `base` (our form's post): fields not given keep base's values. */
export function overlay(fields: Fields, plain: Plain[], base: Record<string, unknown>): Record<string, unknown> {
  const out = { ...base };
  for (const p of plain) {
    if (!(p.bitrix in fields)) continue;
    const value = (p.read ?? text)(fields[p.bitrix]);
    if (p.input === 'everyone') {
      if (value) out.everyone = '1';
      else delete out.everyone;
    } else out[p.input] = value;
  }
  return out;
}

/** ASSIGNED_BY_ID names a user of the site's old portal as often as one of ours: one that is not an active user here leaves the default. */
export function responsibleOf(ctx: AppContext, fields: Fields, fallback: number): string {
  const id = Number(fields.ASSIGNED_BY_ID);
  return String(Number.isInteger(id) && id > 0 && isActiveUser(ctx.db, id) ? id : fallback);
}

export function commsPost(comms: Comm[]): Record<string, { type: string; value: string }[]> {
  const out: Record<string, { type: string; value: string }[]> = {};
  for (const c of comms) (out[c.kind] ??= []).push({ type: c.type, value: c.value });
  return out;
}

export type Acting = { user: CurrentUser; source: string };
