import type { AppContext } from '../../context.js';
import { assertMay } from '../../platform/access/index.js';
import type { CurrentUser } from '../../platform/auth/sessions.js';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors.js';
import { flattenTree, subtreeIds, type TreeNode } from '../../platform/tree.js';
import type { SectionInput } from './form.js';
import * as q from './queries.js';

/** Catalog sections: a tree of any depth. A section moves anywhere but under itself; only an empty one is deleted. */
export function sectionTree(ctx: AppContext): TreeNode<q.SectionRow>[] {
  return flattenTree(q.allSections(ctx.db), (a, b) => a.sort - b.sort || a.name.localeCompare(b.name));
}

/** A section and every section below it: what a click on it in the tree shows. */
export function sectionWithSubsections(ctx: AppContext, id: number): number[] {
  return [...subtreeIds(q.allSections(ctx.db), id)];
}

export function sectionFor(ctx: AppContext, id: number): q.SectionRow {
  const section = q.findSection(ctx.db, id);
  if (!section) throw new NotFoundError();
  return section;
}

function checkParent(ctx: AppContext, id: number | null, parentId: number | null): void {
  if (parentId === null) return;
  if (!q.findSection(ctx.db, parentId)) throw new ValidationError({ parentId: { key: 'validation.invalid' } });
  if (id !== null && subtreeIds(q.allSections(ctx.db), id).has(parentId)) throw new ValidationError({ parentId: { key: 'catalog.section.error.cycle' } });
}

export function createSection(ctx: AppContext, user: CurrentUser, input: SectionInput): q.SectionRow {
  assertMay(user, 'catalog');
  checkParent(ctx, null, input.parentId);
  const now = ctx.clock.now();
  return q.insertSection(ctx.db, { ...input, createdAt: now, updatedAt: now });
}

export function updateSection(ctx: AppContext, user: CurrentUser, id: number, input: SectionInput): void {
  assertMay(user, 'catalog');
  sectionFor(ctx, id);
  checkParent(ctx, id, input.parentId);
  q.updateSection(ctx.db, id, { ...input, updatedAt: ctx.clock.now() });
}

export function deleteSection(ctx: AppContext, user: CurrentUser, id: number): q.SectionRow {
  assertMay(user, 'catalog');
  const section = sectionFor(ctx, id);
  if (q.allSections(ctx.db).some((s) => s.parentId === id)) throw new ConflictError('catalog.section.error.hasChildren');
  if (q.productsInSection(ctx.db, id) > 0) throw new ConflictError('catalog.section.error.hasProducts');
  q.deleteSection(ctx.db, id);
  return section;
}
