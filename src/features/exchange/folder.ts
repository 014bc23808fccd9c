import fs from 'node:fs';
import path from 'node:path';
import type { AppContext } from '../../context.js';
import type { Job } from '../../jobs/registry.js';
import { unzip } from '../../integrations/commerceml/zip.js';
import { startImport } from './importer.js';
import { latestTrigger } from './queries.js';
import { exportOrdersToFolder } from './query.js';
import { exchangeSettings } from './settings.js';
import { exchangeSink, type ExchangeType } from './sink.js';

/**
 * The exchange folder, for 1C configurations that unload to a folder on disk instead of a site:
 * files dropped there are imported as if uploaded over HTTP, once the set is complete — no file
 * changed size or time while the job looked twice, a few seconds apart. Each file then moves to
 * `processed/<time>/` or, when it failed, to `failed/<time>/` beside a `<name>.reason.txt`. Orders
 * changed since the last export are written to `to-1c/` for 1C to load.
 *
 * The job is registered to wake every minute and looks at the folder every `folderEvery` minutes
 * (the settings page's schedule); "Run now" always looks.
 */
export const FOLDER_JOB = 'exchange-folder';
const SKIP = new Set(['processed', 'failed', 'to-1c', 'work']);

interface Seen {
  size: number;
  mtimeMs: number;
}

function look(dir: string): Map<string, Seen> {
  const seen = new Map<string, Seen>();
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const rel = path.relative(dir, path.join(entry.parentPath, entry.name));
    const top = rel.split(path.sep)[0]!;
    if (SKIP.has(top) || entry.name.startsWith('.') || /\.(tmp|part|crdownload)$/i.test(entry.name)) continue;
    const stat = fs.statSync(path.join(dir, rel));
    seen.set(rel, { size: stat.size, mtimeMs: stat.mtimeMs });
  }
  return seen;
}

function same(a: Map<string, Seen>, b: Map<string, Seen>): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) {
    const w = b.get(k);
    if (!w || w.size !== v.size || w.mtimeMs !== v.mtimeMs) return false;
  }
  return true;
}

/** Catalog files first (classifier and products, then offers, prices, stock), orders last. */
function order(name: string): number {
  const base = path.basename(name).toLowerCase();
  const rank = [/^import/, /^offers/, /^prices/, /^rests/].findIndex((re) => re.test(base));
  return rank < 0 ? 4 : rank;
}

function typeOf(name: string): ExchangeType {
  return order(name) < 4 ? 'catalog' : 'sale';
}

function stampOf(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
}

function moveInto(from: string, root: string, rel: string): void {
  const to = path.join(root, rel);
  fs.mkdirSync(path.dirname(to), { recursive: true });
  fs.renameSync(from, to);
}

/** Drops the folders a moved file leaves empty (import_files/ab/…), up to the exchange folder. */
function removeEmptyParents(root: string, rel: string): void {
  for (let parent = path.dirname(rel); parent !== '.'; parent = path.dirname(parent)) {
    const full = path.join(root, parent);
    if (!fs.existsSync(full) || fs.readdirSync(full).length) return;
    fs.rmdirSync(full);
  }
}

export interface FolderResult {
  imported: number;
  failed: number;
  exported: number;
}

/** One look at the folder: imports a complete set, exports changed orders. */
export async function processFolder(ctx: AppContext, stableMs: number): Promise<FolderResult> {
  const { folderPath } = exchangeSettings(ctx.db);
  const result: FolderResult = { imported: 0, failed: 0, exported: 0 };
  if (!folderPath) return result;
  const dir = path.resolve(folderPath);
  if (!fs.existsSync(dir)) throw new Error(`the exchange folder ${dir} does not exist`);
  const first = look(dir);
  if (first.size) {
    await new Promise((resolve) => setTimeout(resolve, stableMs));
    if (same(first, look(dir))) await importSet(ctx, dir, [...first.keys()], result);
  }
  result.exported = exportOrdersToFolder(ctx, path.join(dir, 'to-1c'));
  return result;
}

async function importSet(ctx: AppContext, dir: string, files: string[], result: FolderResult): Promise<void> {
  const stamp = stampOf(ctx.clock.now());
  // The set moves out of the way first, so files 1C drops meanwhile wait for the next look.
  const work = path.join(dir, 'work', stamp);
  for (const rel of files) moveInto(path.join(dir, rel), work, rel);
  for (const rel of files) removeEmptyParents(dir, rel);
  const failed = new Map<string, string>();
  for (const rel of files.filter((f) => f.toLowerCase().endsWith('.zip'))) {
    try {
      await unzip(path.join(work, rel), work, { maxEntries: 200_000, maxTotalBytes: 8 * 1024 ** 3 });
    } catch (err) {
      failed.set(rel, (err as Error).message);
    }
  }
  const xml = fs
    .readdirSync(work, { recursive: true, encoding: 'utf8' })
    .filter((rel) => rel.toLowerCase().endsWith('.xml') && fs.statSync(path.join(work, rel)).isFile())
    .sort((a, b) => order(a) - order(b) || a.localeCompare(b));
  for (const rel of xml) {
    const task = startImport(ctx, `folder:${stamp}:${rel}`, {
      file: path.join(work, rel),
      name: rel,
      source: 'folder',
      sink: exchangeSink,
      at: { ctx, type: typeOf(rel), dir: work, user: null },
    });
    await task.settled;
    if (task.status.state === 'failed') {
      const e = task.status.error!;
      failed.set(rel, `${e.params.line ? `line ${e.params.line}: ` : ''}${e.params.reason}`);
    } else result.imported++;
  }
  result.failed = failed.size;
  for (const [rel, reason] of failed) {
    moveInto(path.join(work, rel), path.join(dir, 'failed', stamp), rel);
    fs.writeFileSync(path.join(dir, 'failed', stamp, `${rel}.reason.txt`), `${reason}\n`);
  }
  if (fs.readdirSync(work).length) {
    fs.mkdirSync(path.join(dir, 'processed'), { recursive: true });
    fs.renameSync(work, path.join(dir, 'processed', stamp));
  } else fs.rmSync(work, { recursive: true });
  fs.rmSync(path.join(dir, 'work'), { recursive: true, force: true });
}

const lastLook = new WeakMap<AppContext, number>();

export function folderJob(options: { stableMs: number } = { stableMs: 3000 }): Job {
  return {
    name: FOLDER_JOB,
    schedule: '* * * * *',
    async run(ctx) {
      const { folderPath, folderEvery } = exchangeSettings(ctx.db);
      if (!folderPath) return { counts: {} };
      const now = ctx.clock.now();
      const previous = lastLook.get(ctx);
      if (latestTrigger(ctx.db, FOLDER_JOB) === 'schedule' && previous !== undefined && now - previous < folderEvery * 60_000 - 5_000) return { counts: {} };
      lastLook.set(ctx, now);
      const result = await processFolder(ctx, options.stableMs);
      return { counts: { ...result } };
    },
  };
}
