import type { RowOwner } from '../product-rows/owners.js';
import { basePath, docKinds, isLocked } from './kinds.js';
import { documentFor, saveDocumentRows } from './service.js';

/** Quotes and invoices in the product rows editor: a document in a final status keeps its rows. */
export const documentOwners: RowOwner[] = docKinds.map((kind) => ({
  entity: kind,
  base: basePath[kind],
  load: (ctx, user, id, action) => {
    const doc = documentFor(ctx, user, kind, id, action);
    return { id: doc.id, currency: doc.currency, title: doc.number, locked: isLocked(kind, doc.status) };
  },
  save: (ctx, user, id, rows) => saveDocumentRows(ctx, user, kind, id, rows),
}));
