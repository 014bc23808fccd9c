import type { AppContext } from '../../context.js';
import type { CmlItem } from '../../integrations/commerceml/reader.js';
import type { CurrentUser } from '../../platform/auth/sessions.js';
import { CatalogWriter } from './catalog-sink.js';
import { OrdersWriter } from './orders-in.js';

/**
 * Where the items of an imported file go. The importer reads the file twice: first only to check
 * it (a malformed file fails before anything is written), then hands every batch to `write`, which
 * runs inside one transaction per batch, and calls `finish` after the last one (a full unload then
 * deactivates what the file did not name). Counts are what the run reports.
 */
export interface ImportSink {
  write(items: CmlItem[]): void;
  finish(): void;
  counts(): Record<string, number>;
}

export interface SinkContext {
  ctx: AppContext;
  /** catalog | sale: the exchange type the file came with. */
  type: ExchangeType;
  /** The folder the file is in: pictures are looked up relative to it. */
  dir: string;
  /** Who is exchanging (the 1C user), or null for the exchange folder. */
  user: CurrentUser | null;
}

export type ExchangeType = 'catalog' | 'sale';

export type SinkFactory = (at: SinkContext) => ImportSink;

/**
 * The import of every file: catalog items go to the catalog, documents become deals, counterparties
 * contacts and companies. What a file holds decides, not its name or the exchange type.
 */
export const exchangeSink: SinkFactory = (at) => {
  const catalog = new CatalogWriter(at.ctx, at.dir);
  let orders: OrdersWriter | null = null;
  const ordersWriter = () => (orders ??= new OrdersWriter(at.ctx, OrdersWriter.actorFor(at.ctx, at.user)));
  return {
    write(items) {
      for (const item of items) {
        switch (item.kind) {
          case 'section':
            if (item.section === 'catalog' || item.section === 'offers') catalog.section(item.section, item.onlyChanges);
            break;
          case 'group':
            catalog.group(item.value);
            break;
          case 'property':
            catalog.property(item.value);
            break;
          case 'priceType':
            catalog.priceType(item.value);
            break;
          case 'warehouse':
            catalog.warehouse(item.value);
            break;
          case 'product':
            catalog.product(item.value);
            break;
          case 'offer':
            catalog.offer(item.value);
            break;
          case 'document':
            ordersWriter().document(item.value);
            break;
          case 'counterparty':
            ordersWriter().counterparty(item.value);
            break;
          default:
            break;
        }
      }
    },
    finish: () => catalog.finish(),
    counts: () => ({ ...catalog.counts, ...(orders?.counts ?? {}) }),
  };
};
