/**
 * Document numbers from a template such as "INV-{YYYY}-{N}": {YYYY} and {YY} are the year of the
 * document's date, {MM} its month, {N} the counter ({N:4} zero-padded to four digits). With a year in
 * the template the counter starts again each year; without one it never does (period 0), so a number
 * is never given twice either way.
 */
const TOKEN = /\{(YYYY|YY|MM|N(?::([1-9]))?)\}/g;

/** Why a template cannot number documents, or null when it can. */
export function templateProblem(template: string): 'validation.numbering.noCounter' | 'validation.numbering.token' | 'validation.numbering.monthWithoutYear' | null {
  const tokens = [...template.matchAll(/\{[^}]*\}/g)].map((m) => m[0]);
  if (tokens.some((t) => !new RegExp(`^${TOKEN.source}$`).test(t))) return 'validation.numbering.token';
  const counters = tokens.filter((t) => t.startsWith('{N'));
  if (counters.length !== 1) return 'validation.numbering.noCounter';
  if (tokens.includes('{MM}') && !tokens.some((t) => t === '{YYYY}' || t === '{YY}')) return 'validation.numbering.monthWithoutYear';
  return null;
}

/** The counter's period for a document dated `day` (YYYY-MM-DD): its year when the template has one, else 0. */
export function periodOf(template: string, day: string): number {
  return /\{YYYY\}|\{YY\}/.test(template) ? Number(day.slice(0, 4)) : 0;
}

export function formatNumber(template: string, day: string, seq: number): string {
  return template.replace(TOKEN, (_m, token: string, pad?: string) => {
    if (token === 'YYYY') return day.slice(0, 4);
    if (token === 'YY') return day.slice(2, 4);
    if (token === 'MM') return day.slice(5, 7);
    return pad ? String(seq).padStart(Number(pad), '0') : String(seq);
  });
}
