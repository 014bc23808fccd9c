import path from 'node:path';
import { z } from 'zod';
import { fields } from '../../platform/forms.js';
import { encodings, folderIntervals } from './settings.js';

/** The settings page's form. The piece size is typed in kilobytes; the folder must be an absolute path. */
export const settingsForm = z.object({
  zip: fields.checkbox(),
  fileLimitKb: z.coerce
    .number({ message: 'validation.invalid' })
    .int('validation.invalid')
    .min(64, 'validation.exchange.fileLimit')
    .max(100 * 1024, 'validation.exchange.fileLimit'),
  textEncoding: z.enum(encodings, { message: 'validation.invalid' }),
  queryEncoding: z.enum(encodings, { message: 'validation.invalid' }),
  folderPath: z
    .string()
    .trim()
    .max(500, 'validation.tooLong')
    .optional()
    .transform((v) => v ?? '')
    .refine((v) => v === '' || path.isAbsolute(v), 'validation.exchange.folderAbsolute'),
  folderEvery: z.coerce
    .number()
    .refine((n) => (folderIntervals as readonly number[]).includes(n), 'validation.invalid'),
  priceTypeId: z
    .string()
    .optional()
    .transform((v) => (v ? v : null)),
  pipelineId: fields.optionalId(),
  responsibleMode: z.enum(['one', 'rotation']).catch('one'),
  responsibleId: fields.optionalId(),
  rotationIds: fields.idList(),
  stagePaid: fields.optionalId(),
  stageShipped: fields.optionalId(),
  stagePosted: fields.optionalId(),
  stageCancelled: fields.optionalId(),
  stageDeleted: fields.optionalId(),
  exportAll: fields.checkbox(),
  exportStageIds: fields.idList(),
});

export type SettingsInput = z.infer<typeof settingsForm>;
