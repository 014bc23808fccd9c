import type { AppContext } from '../../context.js';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors.js';
import type { Translate } from '../../platform/i18n/index.js';
import type { ReferenceList } from './defaults.js';
import { builtinKey } from '../../platform/records/builtin.js';
import * as q from './queries.js';
import { arrangeRows, leadSemantics, pipelineSemantics, type StageRow } from './rows.js';

/** A new pipeline starts with the usual stages, which the administrator then adapts. */
export function createPipeline(ctx: AppContext, t: Translate, name: string): q.PipelineRow {
  return ctx.sqlite.transaction(() => {
    const pipeline = q.insertPipeline(ctx.db, name, ctx.clock.now());
    const starter: [string, string, string][] = [
      ['new', '#39a8ef', 'open'],
      ['won', '#7bd500', 'won'],
      ['lost', '#ff5752', 'lost'],
    ];
    q.saveStages(ctx.db, pipeline.id, starter.map(([code, color, semantics], i) => ({ id: null, code, name: t(builtinKey('stage', code)), color, semantics, sort: (i + 1) * 10, remove: false })));
    return pipeline;
  })();
}

export function renamePipeline(ctx: AppContext, id: number, name: string): void {
  if (!q.findPipeline(ctx.db, id)) throw new NotFoundError();
  q.updatePipeline(ctx.db, id, { name });
}

/** Moves a pipeline one place up or down in the order everyone sees. */
export function movePipeline(ctx: AppContext, id: number, direction: 'up' | 'down'): void {
  ctx.sqlite.transaction(() => {
    const list = q.allPipelines(ctx.db);
    const i = list.findIndex((p) => p.id === id);
    if (i < 0) throw new NotFoundError();
    const j = direction === 'up' ? i - 1 : i + 1;
    if (j < 0 || j >= list.length) return;
    [list[i], list[j]] = [list[j]!, list[i]!];
    list.forEach((p, k) => q.updatePipeline(ctx.db, p.id, { sort: (k + 1) * 10 }));
  })();
}

/** The last pipeline stays: deals always need one. (Deals in it will also block deletion.) */
export function deletePipeline(ctx: AppContext, id: number): void {
  ctx.sqlite.transaction(() => {
    if (!q.findPipeline(ctx.db, id)) throw new NotFoundError();
    if (q.allPipelines(ctx.db).length <= 1) throw new ConflictError('pipelines.error.last');
    const deals = q.dealCount(ctx.db, { pipelineId: id });
    if (deals > 0) throw new ConflictError('pipelines.error.hasDeals', { n: deals });
    q.deletePipeline(ctx.db, id);
  })();
}

export function saveStages(ctx: AppContext, pipelineId: number, rows: StageRow[]): void {
  if (!q.findPipeline(ctx.db, pipelineId)) throw new NotFoundError();
  const arranged = arrangeRows(rows, pipelineSemantics);
  if (arranged.errors) throw new ValidationError(arranged.errors);
  // A stage with deals stays: the deals would lose their place in the pipeline.
  const kept = new Set(arranged.rows.map((r) => r.id));
  const removed = q.stagesOf(ctx.db, pipelineId).filter((s) => !kept.has(s.id));
  const inUse = removed.filter((s) => q.dealCount(ctx.db, { stageIds: [s.id] }) > 0);
  if (inUse.length) throw new ValidationError({ rows: { key: 'stages.error.inUse', params: { name: inUse.map((s) => s.name).join(', ') } } });
  ctx.sqlite.transaction(() => q.saveStages(ctx.db, pipelineId, arranged.rows))();
}

export function saveLeadStatuses(ctx: AppContext, rows: StageRow[]): void {
  const arranged = arrangeRows(rows, leadSemantics);
  if (arranged.errors) throw new ValidationError(arranged.errors);
  ctx.sqlite.transaction(() => q.saveLeadStatuses(ctx.db, arranged.rows))();
}

export function saveReferenceList(ctx: AppContext, list: ReferenceList, rows: StageRow[]): void {
  const kept = rows.filter((r) => !r.remove && !(r.id === null && r.name === ''));
  if (kept.some((r) => r.name === '')) throw new ValidationError({ rows: { key: 'stages.error.name' } });
  const names = kept.map((r) => r.name.toLocaleLowerCase());
  if (new Set(names).size !== names.length) throw new ValidationError({ rows: { key: 'stages.error.duplicate' } });
  const ordered = kept
    .map((r, i) => ({ r, i }))
    .sort((a, b) => a.r.sort - b.r.sort || a.i - b.i)
    .map(({ r }, i) => ({ id: r.id, name: r.name, sort: (i + 1) * 10 }));
  ctx.sqlite.transaction(() => q.saveReferenceList(ctx.db, list, ordered))();
}
