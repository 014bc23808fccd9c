import type { Db } from '../../db/connection.js';
import { locales, translator } from '../../platform/i18n/index.js';
import { allLeadStatuses, allPipelines, referenceList, stagesOf } from '../pipelines/queries.js';

/**
 * Bitrix24's codes for lead statuses, sources, deal stages and pipelines ("categories"), and ours.
 * Statuses and stages go by position, as both systems seed them in the same order (Bitrix24's NEW,
 * IN_PROCESS, PROCESSED ↔ our first three open statuses; its deal stages NEW … FINAL_INVOICE ↔ our
 * first five open stages; WON/LOSE ↔ the won and the first lost stage), so renaming a status keeps
 * the mapping. Sources go by the name they are seeded with, in either language. Anything else is
 * our own id, as a string — what Bitrix24 itself does with statuses it did not seed.
 */
const LEAD_OPEN = ['NEW', 'IN_PROCESS', 'PROCESSED'];
const DEAL_OPEN = ['NEW', 'PREPARATION', 'PREPAYMENT_INVOICE', 'EXECUTING', 'FINAL_INVOICE'];
const SOURCES: Record<string, string> = { CALL: 'call', EMAIL: 'email', WEB: 'website', WEBFORM: 'webform', STORE: 'store', ADVERTISING: 'advertising', RECOMMENDATION: 'recommendation', OTHER: 'other' };

export function leadStatusId(db: Db, code: unknown): number | null {
  const statuses = allLeadStatuses(db);
  const c = String(code ?? '').toUpperCase();
  const open = statuses.filter((s) => s.semantics === 'open');
  if (LEAD_OPEN.includes(c)) return open[LEAD_OPEN.indexOf(c)]?.id ?? open[0]!.id;
  if (c === 'JUNK') return statuses.find((s) => s.semantics === 'junk')?.id ?? null;
  if (c === 'CONVERTED') return statuses.find((s) => s.semantics === 'converted')?.id ?? null;
  return statuses.find((s) => String(s.id) === c)?.id ?? null;
}

export function leadStatusCode(db: Db, id: number): { code: string; semantic: 'P' | 'S' | 'F' } {
  const statuses = allLeadStatuses(db);
  const status = statuses.find((s) => s.id === id);
  const semantic = status?.semantics === 'converted' ? 'S' : status?.semantics === 'junk' ? 'F' : 'P';
  const open = statuses.filter((s) => s.semantics === 'open').map((s) => s.id);
  if (open.indexOf(id) >= 0 && open.indexOf(id) < LEAD_OPEN.length) return { code: LEAD_OPEN[open.indexOf(id)]!, semantic };
  if (status?.semantics === 'converted') return { code: 'CONVERTED', semantic };
  if (status?.semantics === 'junk' && statuses.find((s) => s.semantics === 'junk')?.id === id) return { code: 'JUNK', semantic };
  return { code: String(id), semantic };
}

function seededName(code: string): string[] {
  return locales.map((l) => translator(l)(`seed.source.${code}` as 'seed.source.call').toLowerCase());
}

/** A source by Bitrix24's code, our id or its name; null (no source) for one we do not have. */
export function sourceId(db: Db, code: unknown): number | null {
  const c = String(code ?? '').trim();
  if (!c) return null;
  const sources = referenceList(db, 'source');
  const seeded = SOURCES[c.toUpperCase()];
  const names = seeded ? seededName(seeded) : [c.toLowerCase()];
  return sources.find((s) => names.includes(s.name.toLowerCase()))?.id ?? sources.find((s) => String(s.id) === c)?.id ?? null;
}

export function sourceCode(db: Db, id: number | null): string | null {
  if (id === null) return null;
  const name = referenceList(db, 'source').find((s) => s.id === id)?.name.toLowerCase();
  const code = Object.entries(SOURCES).find(([, seeded]) => name !== undefined && seededName(seeded).includes(name));
  return code ? code[0] : String(id);
}

/** A pipeline by CATEGORY_ID: 0 (or none) is the first, as Bitrix24's default pipeline; else our id. */
export function pipelineId(db: Db, category: unknown): number {
  const pipelines = allPipelines(db);
  const n = Number(category);
  return (n > 0 ? pipelines.find((p) => p.id === n)?.id : undefined) ?? pipelines[0]!.id;
}

export function categoryOf(db: Db, pipeline: number): string {
  return pipeline === allPipelines(db)[0]!.id ? '0' : String(pipeline);
}

/** A stage by STAGE_ID ("NEW", "C3:WON", or our id) within the pipeline it names or `pipeline`. */
export function stageId(db: Db, code: unknown, pipeline: number): number {
  const c = String(code ?? '').toUpperCase();
  const m = /^C(\d+):(.+)$/.exec(c);
  const within = m ? pipelineId(db, m[1]) : pipeline;
  const name = m ? m[2]! : c;
  const stages = stagesOf(db, within);
  const open = stages.filter((s) => s.semantics === 'open');
  if (DEAL_OPEN.includes(name)) return open[DEAL_OPEN.indexOf(name)]?.id ?? open[0]!.id;
  if (name === 'WON') return stages.find((s) => s.semantics === 'won')!.id;
  if (name === 'LOSE') return stages.find((s) => s.semantics === 'lost')!.id;
  return stages.find((s) => String(s.id) === name)?.id ?? open[0]!.id;
}

export function stageCode(db: Db, stage: number, pipeline: number): string {
  const stages = stagesOf(db, pipeline);
  const s = stages.find((x) => x.id === stage);
  const open = stages.filter((x) => x.semantics === 'open').map((x) => x.id);
  const code = s?.semantics === 'won' ? 'WON' : s?.semantics === 'lost' && stages.find((x) => x.semantics === 'lost')!.id === stage ? 'LOSE' : open.indexOf(stage) >= 0 && open.indexOf(stage) < DEAL_OPEN.length ? DEAL_OPEN[open.indexOf(stage)]! : String(stage);
  const category = categoryOf(db, pipeline);
  return category === '0' ? code : `C${category}:${code}`;
}
