import type { AppContext } from '../../context.js';
import { mayEntity, mayRecord, rowCondition } from '../../platform/access/index.js';
import type { CurrentUser } from '../../platform/auth/sessions.js';
import { ConflictError } from '../../platform/errors.js';
import { normalize, saveComms, type Comm } from '../../platform/records/communications.js';
import { recordChanges, recordEvent, refText } from '../../platform/records/history.js';
import { matchExpression } from '../../platform/records/search.js';
import { commsOf, kinds, type Draft, type MergeKind, type Row } from './kinds.js';
import * as q from './queries.js';
import { inputName, storedValues } from '../../platform/records/custom/definitions.js';
import { customDefs } from '../../platform/records/custom/queries.js';
import { priced, rowsOf, totalsOf, writeRows } from '../product-rows/service.js';

export type Reason = 'phone' | 'email' | 'name' | 'companyTitle';

export interface Candidate {
  entity: q.DupEntity;
  id: number;
  label: string;
  url: string;
  responsibleName: string | null;
  reasons: Reason[];
  /** The user may merge the two (see findDuplicates for which one stays). */
  mayMerge: boolean;
}

const LIMIT = 10;

/** The phones and e-mails worth matching: a phone of at least five digits, anything like an address. */
function matchable(comms: Draft['comms'], kind: 'phone' | 'email'): string[] {
  const values = comms.filter((c) => c.kind === kind).map((c) => normalize(kind, c.value));
  return [...new Set(values.filter((v) => (kind === 'phone' ? v.length >= 5 : /^[^@\s]+@[^@\s]+$/.test(v))))];
}

/**
 * Records of the same kind that `draft` may duplicate: the same normalised phone or e-mail, or the
 * same name (a lead: the same person's name or company title), ignoring case and extra spaces. Only
 * records the user may read; at most ten, those matching on more grounds first.
 * Without `exclude` the draft is a new record, which would be merged into a candidate (mayMerge: may
 * edit the candidate and delete records of the kind). With it, the draft is that saved record, left
 * out of the result; it would stay and the candidate go (may edit it and delete the candidate).
 */
export function findDuplicates(ctx: AppContext, user: CurrentUser, entity: q.DupEntity, draft: Draft, exclude: { id: number; row: Row } | null = null): Candidate[] {
  if (!mayEntity(user, entity, 'read')) return [];
  const scope = { visible: rowCondition(ctx.db, user, entity, 'read', q.accessColumns(entity)), exclude: exclude?.id ?? null, limit: LIMIT };
  const reasons = new Map<number, Set<Reason>>();
  const add = (id: number, reason: Reason) => reasons.set(id, (reasons.get(id) ?? new Set<Reason>()).add(reason));
  for (const kind of ['phone', 'email'] as const) {
    for (const id of q.matchByComms(ctx.db, entity, kind, matchable(draft.comms, kind), scope)) add(id, kind);
  }
  for (const key of ['name', 'companyTitle'] as const) {
    const name = draft[key]?.trim().replace(/\s+/g, ' ');
    const match = name ? matchExpression(name) : null;
    if (!name || !match) continue;
    for (const id of q.matchByName(ctx.db, entity, key, name, match, scope)) add(id, key);
  }
  const ids = [...reasons.keys()].sort((a, b) => reasons.get(b)!.size - reasons.get(a)!.size || b - a).slice(0, LIMIT);
  const shown = q.labels(ctx.db, entity, ids);
  const mayMerge = (candidate: q.CandidateRow) =>
    exclude
      ? mayRecord(ctx.db, user, entity, 'edit', exclude.row) && mayRecord(ctx.db, user, entity, 'delete', candidate)
      : mayEntity(user, entity, 'delete') && mayRecord(ctx.db, user, entity, 'edit', candidate);
  return ids.flatMap((id) => {
    const row = shown.get(id);
    if (!row) return [];
    return [{ entity, id, label: row.label, url: `${kinds[entity].path}${id}`, responsibleName: row.responsibleName, reasons: [...reasons.get(id)!], mayMerge: mayMerge(row) }];
  });
}

/** The duplicates of a saved record (which the user must be able to read). */
export function duplicatesOf(ctx: AppContext, user: CurrentUser, entity: q.DupEntity, id: number): { record: Row; label: string; url: string; candidates: Candidate[] } {
  const kind = kinds[entity];
  const record = kind.load(ctx, user, id, 'read');
  return { record, label: kind.label(record), url: `${kind.path}${id}`, candidates: findDuplicates(ctx, user, entity, kind.draft(record, commsOf(ctx, entity, id)), { id, row: record }) };
}

/** Both lists in order, each phone/e-mail/site/messenger once (by its normalised value); the kept record's first. */
export function unionComms(kept: Comm[], other: Comm[]): Comm[] {
  const seen = new Set<string>();
  return [...kept, ...other].filter((c) => {
    const key = `${c.kind}:${normalize(c.kind, c.value)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export interface MergeField {
  key: string;
  kept: string | null;
  other: string | null;
  /** Offered as a choice: the values differ and no rule decides. */
  choosable: boolean;
  /** Preselected: the kept record's value, unless it has none. */
  preferred: 'kept' | 'other';
  /** A custom field's own label (its key is "cf_<code>"); built-in fields are named by key. */
  label?: string;
}

export interface MergePlan {
  kind: MergeKind;
  kept: Row;
  other: Row;
  keptLabel: string;
  otherLabel: string;
  fields: MergeField[];
  comms: Comm[];
  /** Product rows of both (leads only), all kept by the merged record. */
  rowCount: number;
}

const text = (v: unknown): string | null => (v === null || v === undefined || v === '' ? null : String(v));

/**
 * The comparison of two records before merging `otherId` into `keptId`. The user needs the right to
 * edit the kept record and to delete the other: outside the read scope 404, otherwise 403.
 */
export function mergePlan(ctx: AppContext, user: CurrentUser, entity: q.DupEntity, keptId: number, otherId: number): MergePlan {
  const kind = kinds[entity];
  const kept = kind.load(ctx, user, keptId, 'edit');
  const other = kind.load(ctx, user, otherId, 'delete');
  if (kept.id === other.id) throw new ConflictError('duplicates.error.same');
  const keptComms = commsOf(ctx, entity, kept.id);
  const otherComms = commsOf(ctx, entity, other.id);
  const a = kind.shown(ctx, kept, keptComms);
  const b = kind.shown(ctx, other, otherComms);
  const locked = kind.locked(ctx, kept, other);
  const field = (key: string, shownKey: string, label?: string): MergeField => {
    const [keptValue, otherValue] = [text(a[shownKey]), text(b[shownKey])];
    return { key, kept: keptValue, other: otherValue, choosable: keptValue !== otherValue && !locked.includes(key), preferred: keptValue === null && otherValue !== null ? 'other' : 'kept', ...(label ? { label } : {}) };
  };
  // Custom fields are chosen one by one too, by the values history shows ("custom:<label>").
  const custom = customDefs(ctx.db, entity).map((def) => field(inputName(def.code), `custom:${def.label}`, def.label));
  const fields = [...Object.keys(kind.choices).map((key) => field(key, key)), ...custom].filter((f) => f.kept !== null || f.other !== null);
  const rowCount = entity === 'lead' ? rowsOf(ctx.db, entity, kept.id).length + rowsOf(ctx.db, entity, other.id).length : 0;
  return { kind, kept, other, keptLabel: kind.label(kept), otherLabel: kind.label(other), fields, comms: unionComms(keptComms, otherComms), rowCount };
}

/**
 * Merges `otherId` into `keptId` in one transaction: the chosen values go to the kept record, the
 * communications of both are kept (each once), every reference (deals, leads, contact–company
 * pairs, history, see queries.references) moves to it, and each moved deal's history says so. A
 * lead's product rows follow too (MergeKind.rows), and the amount becomes their total. The
 * kept record's history records the merge and each changed field; the other record goes to the
 * recycle bin with a history entry. The search entries of both, and of their deals, are redone.
 */
export function mergeRecords(ctx: AppContext, user: CurrentUser, entity: q.DupEntity, keptId: number, otherId: number, picks: Record<string, 'kept' | 'other'>): { id: number; label: string; url: string } {
  const plan = mergePlan(ctx, user, entity, keptId, otherId);
  const { kind, kept, other } = plan;
  const now = ctx.clock.now();
  const merged: Row = { ...kept };
  const custom = storedValues(kept.custom as string);
  const otherCustom = storedValues(other.custom as string);
  for (const field of plan.fields) {
    if (!field.choosable || (picks[field.key] ?? field.preferred) !== 'other') continue;
    if (field.label !== undefined) {
      const code = field.key.slice('cf_'.length);
      if (otherCustom[code] === undefined) delete custom[code];
      else custom[code] = otherCustom[code];
    } else for (const column of kind.choices[field.key]!) merged[column] = other[column];
  }
  merged.custom = JSON.stringify(custom);
  Object.assign(merged, kind.derived(kept, other, merged));
  const rows = kind.rows(ctx, kept, other, merged);
  if (rows) merged.amountMinor = totalsOf(rows.map(priced)).totalMinor;
  const changes = Object.fromEntries(Object.entries(merged).filter(([column, value]) => kept[column] !== value));

  return ctx.sqlite.transaction(() => {
    const before = kind.shown(ctx, kept, commsOf(ctx, entity, kept.id));
    const movedDeals = entity === 'lead' ? [] : q.dealIdsOf(ctx.db, entity, other.id);
    q.repoint(ctx.db, entity, other.id, kept.id);
    saveComms(ctx.db, entity, kept.id, plan.comms);
    if (rows && entity === 'lead') {
      writeRows(ctx, user.id, entity, kept.id, rows);
      writeRows(ctx, user.id, entity, other.id, []);
    }
    q.deleteComms(ctx.db, entity, other.id);
    kind.update(ctx, kept.id, { ...changes, updatedAt: now });
    const where = { entity, entityId: kept.id, at: now, userId: user.id };
    recordChanges(ctx.db, where, before, kind.shown(ctx, merged, plan.comms));
    recordEvent(ctx.db, { ...where, kind: 'merged', oldValue: refText([{ entity, id: other.id, label: plan.otherLabel }]) });
    // Each deal that changed hands says so in its own history (when the names differ).
    for (const dealId of movedDeals) recordChanges(ctx.db, { ...where, entity: 'deal', entityId: dealId }, { [entity]: plan.otherLabel }, { [entity]: kind.label(merged) });
    recordEvent(ctx.db, { entity, entityId: other.id, at: now, userId: user.id, kind: 'merged', newValue: refText([{ entity, id: kept.id, label: kind.label(merged) }]) });
    kind.remove(ctx, user, other.id);
    kind.reindex(ctx, merged, plan.comms);
    return { id: kept.id, label: kind.label(merged), url: `${kind.path}${kept.id}` };
  })();
}
