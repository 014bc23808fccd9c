import type { Db } from '../../db/connection.js';
import type { Translate } from '../../platform/i18n/index.js';
import { insertPipeline, saveLeadStatuses, saveReferenceList, saveStages } from './queries.js';
import { allPipelines } from './queries.js';
import { builtinKey } from '../../platform/records/builtin.js';

/** The reference lists an administrator edits, with the names they start with. */
export const referenceLists = ['source', 'dealType', 'companyType', 'industry', 'contactType'] as const;
export type ReferenceList = (typeof referenceLists)[number];

const defaultItems: Record<ReferenceList, string[]> = {
  source: ['call', 'email', 'website', 'webform', 'store', 'advertising', 'recommendation', 'other'],
  dealType: ['sale', 'goods', 'services', 'service'],
  companyType: ['client', 'supplier', 'partner', 'competitor', 'other'],
  industry: ['it', 'telecom', 'manufacturing', 'banking', 'consulting', 'retail', 'other'],
  contactType: ['client', 'supplier', 'partner', 'other'],
};

const defaultStages: [string, string, string][] = [
  ['new', '#39a8ef', 'open'],
  ['qualification', '#2fc6f6', 'open'],
  ['proposal', '#55d0e0', 'open'],
  ['negotiation', '#47e4c2', 'open'],
  ['invoice', '#ffa900', 'open'],
  ['won', '#7bd500', 'won'],
  ['lost', '#ff5752', 'lost'],
];

const defaultStatuses: [string, string, string][] = [
  ['new', '#39a8ef', 'open'],
  ['inProgress', '#2fc6f6', 'open'],
  ['processed', '#55d0e0', 'open'],
  ['converted', '#7bd500', 'converted'],
  ['junk', '#ff5752', 'junk'],
];

/**
 * A company's first pipeline, lead statuses and reference lists. Each carries its code, so every user
 * sees its name in their own language until an administrator renames it (platform/records/builtin.ts);
 * the stored name, in the company's language, is what lists sort by. Runs once: when setup finishes,
 * or at the start of an installation upgraded from before these existed.
 */
export function seedCrmDefaults(db: Db, t: Translate, now: number): void {
  if (allPipelines(db).length > 0) return;
  const pipeline = insertPipeline(db, t(builtinKey('pipeline', 'sales')), now, 'sales');
  const rows = (list: [string, string, string][], kind: 'stage' | 'status') =>
    list.map(([code, color, semantics], i) => ({ id: null, code, name: t(builtinKey(kind, code)), color, semantics, sort: (i + 1) * 10, remove: false }));
  saveStages(db, pipeline.id, rows(defaultStages, 'stage'));
  saveLeadStatuses(db, rows(defaultStatuses, 'status'));
  for (const list of referenceLists) {
    saveReferenceList(
      db,
      list,
      defaultItems[list].map((code, i) => ({ id: null, code, name: t(builtinKey(list, code)), sort: (i + 1) * 10 })),
    );
  }
}
