import fs from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { settings } from '../../db/schema/index.js';
import { writeInfo, writeOrders } from '../../integrations/commerceml/writer.js';
import { ordersOut } from './orders-out.js';
import { firstPipelineId, stagesOfPipeline } from './order-queries.js';
import { getCompany } from '../../platform/company.js';
import { toLocalInput } from '../../platform/format.js';
import type { ExchangeAnswer } from './protocol.js';
import type { ExchangeSession } from './sessions.js';
import { exchangeSettings } from './settings.js';

/**
 * `type=sale&mode=query`: the orders for 1C, then `mode=success` to acknowledge them. Delivery is
 * at least once, as with Bitrix: the moment of a query is remembered for its session and becomes
 * "the last acknowledged exchange" only on `success`, so orders that 1C never acknowledged go out
 * again next time.
 */
const COMMITTED_KEY = 'exchange.sale.committedAt';
/** The exchange folder has its own mark: a file written there is delivered, and HTTP and folder do not take each other's orders. */
const FOLDER_KEY = 'exchange.folder.exportedAt';

const pending = new WeakMap<AppContext, Map<string, number>>();

function pendingOf(ctx: AppContext): Map<string, number> {
  let map = pending.get(ctx);
  if (!map) pending.set(ctx, (map = new Map()));
  return map;
}

function mark(ctx: AppContext, key: string): number {
  return Number(ctx.db.select({ value: settings.value }).from(settings).where(eq(settings.key, key)).get()?.value ?? 0);
}

function setMark(ctx: AppContext, key: string, at: number): void {
  const value = String(at);
  ctx.db.insert(settings).values({ key, value }).onConflictDoUpdate({ target: settings.key, set: { value } }).run();
}

/** Local "YYYY-MM-DDTHH:MM:SS" in the company's time zone. */
export function localStamp(ctx: AppContext, ms: number): string {
  // Zone offsets are whole minutes, so the seconds are those of UTC.
  const seconds = String(new Date(ms).getUTCSeconds()).padStart(2, '0');
  return `${toLocalInput(ms, getCompany(ctx.db)?.timeZone ?? 'UTC')}:${seconds}`;
}

export function answerQuery(ctx: AppContext, session: ExchangeSession): ExchangeAnswer {
  const now = ctx.clock.now();
  const orders = ordersOut(ctx, mark(ctx, COMMITTED_KEY));
  pendingOf(ctx).set(session.id, now);
  const { queryEncoding } = exchangeSettings(ctx.db);
  const body = writeOrders(orders, { encoding: queryEncoding, generatedAt: localStamp(ctx, now) });
  return { kind: 'xml', body, encoding: queryEncoding, summary: `XML ${queryEncoding}, ${orders.length} orders, ${body.length} bytes` };
}

export function commitQuery(ctx: AppContext, session: ExchangeSession): void {
  const at = pendingOf(ctx).get(session.id);
  if (at === undefined) return;
  pendingOf(ctx).delete(session.id);
  setMark(ctx, COMMITTED_KEY, at);
}

/** Writes the orders changed since the last folder export to `dir` as one file; returns how many. */
export function exportOrdersToFolder(ctx: AppContext, dir: string): number {
  const now = ctx.clock.now();
  const orders = ordersOut(ctx, mark(ctx, FOLDER_KEY));
  if (orders.length) {
    const { queryEncoding } = exchangeSettings(ctx.db);
    fs.mkdirSync(dir, { recursive: true });
    const name = `orders-${localStamp(ctx, now).replace(/[-:]/g, '').replace('T', '-')}.xml`;
    // Written under a temporary name and renamed, so 1C never picks up half a file.
    const tmp = path.join(dir, `.${name}.tmp`);
    fs.writeFileSync(tmp, writeOrders(orders, { encoding: queryEncoding, generatedAt: localStamp(ctx, now) }));
    fs.renameSync(tmp, path.join(dir, name));
  }
  setMark(ctx, FOLDER_KEY, now);
  return orders.length;
}

/** `mode=info`: the stages of the orders pipeline as the statuses 1C maps its own to. */
export function answerInfo(ctx: AppContext): ExchangeAnswer {
  const s = exchangeSettings(ctx.db);
  const pipelineId = s.pipelineId ?? firstPipelineId(ctx.db);
  const statuses = pipelineId === null ? [] : stagesOfPipeline(ctx.db, pipelineId).map((st) => ({ id: String(st.id), name: st.name }));
  const body = writeInfo(statuses, s.queryEncoding);
  return { kind: 'xml', body, encoding: s.queryEncoding, summary: `XML ${s.queryEncoding}, ${statuses.length} statuses` };
}
