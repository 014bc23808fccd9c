import { z } from 'zod';

export const exportFormats = ['csv', 'csv-semicolon', 'xlsx'] as const;
export type ExportFormat = (typeof exportFormats)[number];

/** The export's own parameter; the rest of the query string is the list's (filters, sort, view). */
export const exportQuery = z.object({ format: z.enum(exportFormats) });
