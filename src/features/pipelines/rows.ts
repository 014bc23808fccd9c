import { z } from 'zod';
import type { FieldErrors } from '../../platform/errors.js';

/**
 * The editable ordered lists of the CRM settings — pipeline stages, lead statuses — share one shape:
 * rows with a name, a colour, a meaning and a position, edited all at once and saved all or nothing.
 */
export interface StageRow {
  id: number | null;
  /** Set only when a built-in row is made (seeding, a new pipeline's starter stages); saving keeps a stored one. */
  code?: string | null;
  name: string;
  color: string;
  semantics: string;
  sort: number;
  remove: boolean;
}

/** The three meanings a row can have, in display order: e.g. open / won / lost. */
export interface Semantics {
  open: string;
  win: string;
  lose: string;
}

export const pipelineSemantics: Semantics = { open: 'open', win: 'won', lose: 'lost' };
export const leadSemantics: Semantics = { open: 'open', win: 'converted', lose: 'junk' };

const row = z.object({
  id: z
    .string()
    .optional()
    .transform((v) => (v && /^\d+$/.test(v) ? Number(v) : null)),
  name: z.string().trim().max(60).catch(''),
  color: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/)
    .catch('#9aa5b1'),
  semantics: z.string().catch(''),
  sort: z.coerce.number().int().catch(0),
  remove: z
    .string()
    .optional()
    .transform((v) => v !== undefined),
});

/** Rows arrive as rows[0][name]=…; qs turns long lists into objects keyed by index, so accept both. */
export const rowsForm = z.object({
  rows: z
    .union([z.array(z.unknown()), z.record(z.string(), z.unknown())])
    .optional()
    .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : Object.values(v)))
    .pipe(z.array(row)),
});

/**
 * Checks the rows as they will be after saving, and returns them in their final order: open rows
 * first, then the one "win" row, then the "lose" rows, each group by position. Blank new rows are
 * dropped. Errors are keyed "rows".
 */
export function arrangeRows(rows: StageRow[], sem: Semantics): { rows: StageRow[]; errors: FieldErrors | null } {
  const kept = rows.filter((r) => !r.remove && !(r.id === null && r.name === ''));
  const group = (s: string) => [sem.open, sem.win, sem.lose].indexOf(s);
  let error: FieldErrors[string] | null = null;
  const names = kept.map((r) => r.name.toLocaleLowerCase());
  if (kept.some((r) => r.name === '')) error = { key: 'stages.error.name' };
  else if (new Set(names).size !== names.length) error = { key: 'stages.error.duplicate' };
  else if (kept.some((r) => group(r.semantics) < 0)) error = { key: 'validation.invalid' };
  else if (kept.filter((r) => r.semantics === sem.open).length === 0) error = { key: 'stages.error.open' };
  else if (kept.filter((r) => r.semantics === sem.win).length !== 1) error = { key: 'stages.error.win' };
  else if (kept.filter((r) => r.semantics === sem.lose).length === 0) error = { key: 'stages.error.lose' };
  if (error) return { rows, errors: { rows: error } };
  const ordered = kept
    .map((r, i) => ({ r, i }))
    .sort((a, b) => group(a.r.semantics) - group(b.r.semantics) || a.r.sort - b.r.sort || a.i - b.i)
    .map(({ r }, i) => ({ ...r, sort: (i + 1) * 10 }));
  return { rows: ordered, errors: null };
}
