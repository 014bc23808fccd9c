import { z } from 'zod';
import { parseDay } from '../../platform/dates.js';

/**
 * The filters every standard report takes, from GET parameters so a filtered report is a link:
 * from/to (days of the user's calendar, both included), responsible, department, pipeline, deal type
 * and company (ids). Values that cannot be read are dropped rather than guessed: a report link from an
 * old bookmark still opens.
 */
export interface ReportFilter {
  from: string;
  to: string;
  responsible: number | null;
  department: number | null;
  pipeline: number | null;
  type: number | null;
  company: number | null;
}

export const FILTER_KEYS = ['from', 'to', 'responsible', 'department', 'pipeline', 'type', 'company'] as const;

/** A day as the user types it (31.12.2026, 31/12/2026) or as a link carries it (2026-12-31). */
const day = z
  .string()
  .transform((s) => parseDay(s))
  .pipe(z.string());
const id = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

const one = (v: unknown) => (Array.isArray(v) ? v[0] : v);

function read<T>(schema: z.ZodType<T>, v: unknown): T | null {
  const r = schema.safeParse(one(v));
  return r.success ? r.data : null;
}

/** Does `query` say anything about the filters (else the user's remembered ones apply)? */
export function hasFilter(query: Record<string, unknown>): boolean {
  return FILTER_KEYS.some((k) => k in query);
}

/** `today` is the user's YYYY-MM-DD; the period defaults to the month so far. */
export function parseFilter(query: Record<string, unknown>, today: string): ReportFilter {
  let from = read(day, query.from) ?? `${today.slice(0, 8)}01`;
  let to = read(day, query.to) ?? today;
  if (from > to) [from, to] = [to, from];
  return {
    from,
    to,
    responsible: read(id, query.responsible),
    department: read(id, query.department),
    pipeline: read(id, query.pipeline),
    type: read(id, query.type),
    company: read(id, query.company),
  };
}

/** The filter as the query string a report link and the remembered filter carry. */
export function filterParams(f: ReportFilter): URLSearchParams {
  const p = new URLSearchParams({ from: f.from, to: f.to });
  for (const k of ['responsible', 'department', 'pipeline', 'type', 'company'] as const) if (f[k] !== null) p.set(k, String(f[k]));
  return p;
}
