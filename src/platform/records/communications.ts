import { and, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/connection.js';
import { communications } from '../../db/schema/index.js';
import type { FieldErrors } from '../errors.js';

/** Multi-value communications of leads, contacts and companies (SPEC.md, "Entities"). */
export const commKinds = ['phone', 'email', 'web', 'im'] as const;
export type CommKind = (typeof commKinds)[number];
export const commTypes: Record<CommKind, readonly string[]> = {
  phone: ['work', 'mobile', 'home', 'fax', 'other'],
  email: ['work', 'home', 'other'],
  web: ['site', 'social', 'other'],
  im: ['telegram', 'whatsapp', 'viber', 'skype', 'other'],
};

export interface Comm {
  kind: CommKind;
  type: string;
  value: string;
}

/**
 * The value that matching and search use: a phone's digits, with a Russian/Kazakh trunk "8" read as
 * "+7" so "8 (916) 123-45-67" and "+7 916 1234567" are one number; an e-mail or site lower-cased.
 */
export function normalize(kind: CommKind, value: string): string {
  const v = value.trim();
  if (kind === 'phone') {
    const digits = v.replace(/\D/g, '');
    return digits.length === 11 && digits.startsWith('8') && !v.startsWith('+') ? `7${digits.slice(1)}` : digits;
  }
  if (kind === 'web') return v.toLowerCase().replace(/^https?:\/\//, '').replace(/\/+$/, '');
  return v.toLowerCase();
}

const emailShape = z.email();

/** Why a value is not acceptable for its kind, or null. */
export function commProblem(kind: CommKind, value: string): 'validation.email' | 'validation.phone' | null {
  if (kind === 'email' && !emailShape.safeParse(value.trim()).success) return 'validation.email';
  if (kind === 'phone' && (normalize('phone', value).length < 5 || /[^\d\s()+\-.]/.test(value.replace(/(ext|доб)\.?\s*\d+$/i, '')))) return 'validation.phone';
  return null;
}

const rowShape = z.object({ type: z.string().catch('other'), value: z.string().trim().max(200).catch('') });
const rows = z
  .union([z.array(z.unknown()), z.record(z.string(), z.unknown())])
  .optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : Object.values(v)))
  .pipe(z.array(rowShape));

/**
 * Form field: comms[phone][0][value]=…&comms[phone][0][type]=mobile; empty rows are dropped, and a
 * value that is not a phone or an e-mail is reported as the field "comms.phone" / "comms.email".
 */
export const commsField = z
  .record(z.string(), z.unknown())
  .optional()
  .transform((raw) =>
    commKinds.flatMap((kind) =>
      rows
        .parse(raw?.[kind])
        .filter((r) => r.value !== '')
        .map((r) => ({ kind, type: commTypes[kind].includes(r.type) ? r.type : 'other', value: r.value })),
    ),
  )
  .superRefine((list, check) => {
    for (const [field, error] of Object.entries(commErrors(list))) {
      check.addIssue({ code: 'custom', path: [field.split('.')[1]!], message: error.key, params: error.params });
    }
  });

export function commErrors(list: Comm[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const c of list) {
    const problem = commProblem(c.kind, c.value);
    if (problem && !errors[`comms.${c.kind}`]) errors[`comms.${c.kind}`] = { key: problem, params: { value: c.value } };
  }
  return errors;
}

export function loadComms(db: Db, entity: string, entityIds: number[]): Map<number, Comm[]> {
  const out = new Map<number, Comm[]>();
  if (entityIds.length === 0) return out;
  // SQL rather than the query builder, which took longer to build this than SQLite takes to run it (every record page asks).
  const found = db.all<{ entityId: number; kind: string; type: string; value: string }>(sql`
    SELECT ${communications.entityId} AS entityId, ${communications.kind} AS kind, ${communications.type} AS type, ${communications.value} AS value
    FROM ${communications} WHERE ${and(eq(communications.entity, entity), inArray(communications.entityId, entityIds))}
    ORDER BY ${communications.sort}, ${communications.id}`);
  for (const c of found) {
    const list = out.get(c.entityId) ?? [];
    list.push({ kind: c.kind as CommKind, type: c.type, value: c.value });
    out.set(c.entityId, list);
  }
  return out;
}

export function saveComms(db: Db, entity: string, entityId: number, list: Comm[]): void {
  db.delete(communications).where(and(eq(communications.entity, entity), eq(communications.entityId, entityId))).run();
  list.forEach((c, sort) => db.insert(communications).values({ entity, entityId, kind: c.kind, type: c.type, value: c.value.trim(), normalized: normalize(c.kind, c.value), sort }).run());
}

/** One line per kind for history and search: "+7 916 123-45-67, 8 495 000-00-00". */
export function commSummary(list: Comm[], kind: CommKind): string {
  return list
    .filter((c) => c.kind === kind)
    .map((c) => c.value)
    .join(', ');
}
