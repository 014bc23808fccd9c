import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/connection.js';
import { settings } from '../../db/schema/index.js';

/**
 * The exchange's settings, one JSON value in the installation settings (key "exchange"): every
 * field has a default, so an installation that never opened the page exchanges as a 1C-Bitrix site
 * would out of the box (zip accepted, windows-1251 answers).
 */
export const encodings = ['windows-1251', 'utf-8'] as const;
export const folderIntervals = [1, 5, 15, 60] as const;

export const exchangeSettingsSchema = z.object({
  /** Offered to 1C at init: it then sends one archive instead of separate files. */
  zip: z.boolean().default(true),
  /** The largest piece of a file 1C sends per request (it splits bigger files). */
  fileLimit: z.number().int().min(64 * 1024).max(100 * 1024 * 1024).default(1024 * 1024),
  /** Encoding of the plain-text answers and of the orders given to 1C. */
  textEncoding: z.enum(encodings).default('windows-1251'),
  queryEncoding: z.enum(encodings).default('windows-1251'),
  /** A folder on the server to exchange files through; empty: off. */
  folderPath: z.string().max(500).default(''),
  /** Minutes between looks at the folder. */
  folderEvery: z.number().int().default(5),
  /**
   * How long one `mode=import` request works before it answers "progress" (1C then asks again).
   * Not on the page: tests and troubleshooting set it.
   */
  sliceMs: z.number().int().min(0).max(60_000).default(2_000),
  /** The 1C price type that is the catalog's price; null: the first one 1C sends. */
  priceTypeId: z.string().nullable().default(null),
  /** Where orders become deals: the pipeline (null: the first one) and who gets them (null: the exchange user). */
  pipelineId: z.number().int().nullable().default(null),
  responsibleId: z.number().int().nullable().default(null),
  /** When not empty, new orders go to these users in turn (src/platform/distribution.ts) instead. */
  rotationIds: z.array(z.number().int()).default([]),
  /** The stage a deal moves to when 1C reports the order so; null: the stage stays. */
  stageMap: z
    .object({
      paid: z.number().int().nullable().default(null),
      shipped: z.number().int().nullable().default(null),
      posted: z.number().int().nullable().default(null),
      cancelled: z.number().int().nullable().default(null),
      deleted: z.number().int().nullable().default(null),
    })
    .default({ paid: null, shipped: null, posted: null, cancelled: null, deleted: null }),
  /** Deals in these stages go to 1C; null: every stage of the orders pipeline. */
  exportStageIds: z.array(z.number().int()).nullable().default(null),
});

export const statusEvents = ['paid', 'shipped', 'posted', 'cancelled', 'deleted'] as const;
export type StatusEvent = (typeof statusEvents)[number];

export type ExchangeSettings = z.infer<typeof exchangeSettingsSchema>;

const KEY = 'exchange';

/** The distribution rotation that new orders take their turns from. */
export const ORDERS_ROTATION = 'exchange:orders';

export function exchangeSettings(db: Db): ExchangeSettings {
  const raw = db.select({ value: settings.value }).from(settings).where(eq(settings.key, KEY)).get()?.value;
  let stored: unknown = {};
  try {
    stored = raw ? JSON.parse(raw) : {};
  } catch {
    stored = {};
  }
  const parsed = exchangeSettingsSchema.safeParse(stored);
  return parsed.success ? parsed.data : exchangeSettingsSchema.parse({});
}

export function saveExchangeSettings(db: Db, changes: Partial<ExchangeSettings>): ExchangeSettings {
  const next = exchangeSettingsSchema.parse({ ...exchangeSettings(db), ...changes });
  const value = JSON.stringify(next);
  db.insert(settings).values({ key: KEY, value }).onConflictDoUpdate({ target: settings.key, set: { value } }).run();
  return next;
}
