import { z } from 'zod';
import { fields } from '../../forms.js';

/** The bulk bar: the selected ids, the action and its one parameter. */
export const bulkForm = z
  .object({
    ids: fields.idList(),
    action: z.enum(['assign', 'stage', 'status', 'delete'], { message: 'validation.required' }),
    responsibleId: fields.optionalId(),
    stageId: fields.optionalId(),
    statusId: fields.optionalId(),
    back: z.string().optional(),
  })
  .refine((v) => v.ids.length > 0, { path: ['ids'], message: 'validation.selectFirst' })
  .refine((v) => v.action !== 'assign' || v.responsibleId !== null, { path: ['responsibleId'], message: 'validation.required' })
  .refine((v) => v.action !== 'stage' || v.stageId !== null, { path: ['stageId'], message: 'validation.required' })
  .refine((v) => v.action !== 'status' || v.statusId !== null, { path: ['statusId'], message: 'validation.required' });

const keyList = () =>
  z
    .string()
    .max(2000)
    .optional()
    .transform((v) => (v ?? '').split(',').map((s) => s.trim()).filter(Boolean));

/** "Save current as…": the name, the list's query string and the shown columns. */
export const saveViewForm = z.object({
  name: fields.requiredText(100),
  params: z.string().max(4000, 'validation.tooLong').optional().transform((v) => v ?? ''),
  columns: keyList(),
});

export const renameViewForm = z.object({ name: fields.requiredText(100) });

/**
 * The column chooser: ticked keys (`cols`) and a position for each (`order.<key>`); columns are shown
 * by position, ties in the list's own order. With `view` the open view's columns change.
 */
export const columnsForm = z
  .object({
    cols: z.union([z.string(), z.array(z.string())]).optional().transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v])),
    view: fields.optionalId(),
    back: z.string().optional(),
  })
  .refine((v) => v.cols.length > 0, { path: ['cols'], message: 'validation.columnsNone' });

export function orderedColumns(cols: string[], body: Record<string, unknown>): string[] {
  const position = (key: string) => {
    const n = Number(body[`order.${key}`]);
    return Number.isFinite(n) && String(body[`order.${key}`]).trim() !== '' ? n : Infinity;
  };
  return cols.map((key, i) => ({ key, i, at: position(key) })).sort((a, b) => a.at - b.at || a.i - b.i).map((c) => c.key);
}
