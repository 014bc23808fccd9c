import fs from 'node:fs';
import type { AppContext } from '../../context.js';
import { ValidationError, type FieldErrors } from '../../platform/errors.js';
import type { SettingsInput } from './form.js';
import { isActiveUser } from '../../platform/records/names.js';
import { allPipelines, stagesOf } from '../pipelines/queries.js';
import { priceTypes } from './catalog-queries.js';
import { dropRotation } from '../../platform/distribution.js';
import { ORDERS_ROTATION, exchangeSettings, saveExchangeSettings, statusEvents, type ExchangeSettings, type StatusEvent } from './settings.js';

const stageField: Record<StatusEvent, keyof SettingsInput> = { paid: 'stagePaid', shipped: 'stageShipped', posted: 'stagePosted', cancelled: 'stageCancelled', deleted: 'stageDeleted' };

/** The form's fields for the stages 1C's statuses move deals to. */
export const stageFields = statusEvents.map((event) => ({ event, field: stageField[event] }));

/**
 * Saves the settings page. A folder must exist and be writable (the job moves files inside it); the
 * stages 1C's statuses lead to must be of the orders pipeline; the price type one 1C has sent.
 */
export function updateSettings(ctx: AppContext, input: SettingsInput): ExchangeSettings {
  const errors: FieldErrors = {};
  const before = exchangeSettings(ctx.db);
  const pipelines = allPipelines(ctx.db);
  const pipelineId = input.pipelineId ?? pipelines[0]?.id ?? null;
  if (input.pipelineId !== null && !pipelines.some((p) => p.id === input.pipelineId)) errors.pipelineId = { key: 'validation.invalid' };
  const stageIds = new Set(pipelineId === null ? [] : stagesOf(ctx.db, pipelineId).map((s) => s.id));
  for (const { field } of stageFields) {
    const id = input[field] as number | null;
    if (id !== null && !stageIds.has(id)) errors[field] = { key: 'validation.exchange.stagePipeline' };
  }
  const allStages = new Set(pipelines.flatMap((p) => stagesOf(ctx.db, p.id).map((s) => s.id)));
  if (!input.exportAll && input.exportStageIds.some((id) => !allStages.has(id))) errors.exportStageIds = { key: 'validation.invalid' };
  if (input.responsibleId !== null && !isActiveUser(ctx.db, input.responsibleId)) errors.responsibleId = { key: 'validation.invalid' };
  const rotationIds = input.responsibleMode === 'rotation' ? [...new Set(input.rotationIds)] : [];
  if (input.responsibleMode === 'rotation' && rotationIds.length === 0) errors.rotationIds = { key: 'validation.required' };
  else if (!rotationIds.every((id) => isActiveUser(ctx.db, id))) errors.rotationIds = { key: 'validation.invalid' };
  if (input.priceTypeId !== null && !priceTypes(ctx.db).some((p) => p.id === input.priceTypeId)) errors.priceTypeId = { key: 'validation.invalid' };
  if (input.folderPath) {
    let ok = false;
    try {
      ok = fs.statSync(input.folderPath).isDirectory();
      fs.accessSync(input.folderPath, fs.constants.W_OK | fs.constants.R_OK);
    } catch {
      ok = false;
    }
    if (!ok) errors.folderPath = { key: 'validation.exchange.folderMissing' };
  }
  if (Object.keys(errors).length) throw new ValidationError(errors);
  // A new set of people starts the rotation again from its top.
  if (JSON.stringify(before.rotationIds) !== JSON.stringify(rotationIds)) dropRotation(ctx, ORDERS_ROTATION);
  return saveExchangeSettings(ctx.db, {
    priceTypeId: input.priceTypeId,
    pipelineId: input.pipelineId,
    responsibleId: input.responsibleId,
    rotationIds,
    stageMap: Object.fromEntries(stageFields.map(({ event, field }) => [event, input[field] as number | null])) as ExchangeSettings['stageMap'],
    exportStageIds: input.exportAll ? null : input.exportStageIds,
    zip: input.zip,
    fileLimit: input.fileLimitKb * 1024,
    textEncoding: input.textEncoding,
    queryEncoding: input.queryEncoding,
    folderPath: input.folderPath,
    folderEvery: input.folderEvery,
  });
}
