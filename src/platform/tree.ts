/** Department tree helpers: pure functions over (id, parentId) rows. */
export interface TreeRow {
  id: number;
  parentId: number | null;
  name: string;
}

export interface TreeNode<T extends TreeRow> {
  row: T;
  depth: number;
}

const byName = (a: TreeRow, b: TreeRow) => a.name.localeCompare(b.name);

/** Rows in display order (each parent followed by its children, alphabetically unless told), with depths. */
export function flattenTree<T extends TreeRow>(rows: T[], order: (a: T, b: T) => number = byName): TreeNode<T>[] {
  const byParent = new Map<number | null, T[]>();
  for (const r of rows) {
    const list = byParent.get(r.parentId) ?? [];
    list.push(r);
    byParent.set(r.parentId, list);
  }
  const out: TreeNode<T>[] = [];
  const seen = new Set<number>();
  const visit = (parentId: number | null, depth: number) => {
    for (const r of [...(byParent.get(parentId) ?? [])].sort(order)) {
      if (seen.has(r.id)) continue;
      seen.add(r.id);
      out.push({ row: r, depth });
      visit(r.id, depth + 1);
    }
  };
  visit(null, 0);
  return out;
}

/** The ids of a department and everything below it. */
export function subtreeIds(rows: TreeRow[], rootId: number): Set<number> {
  const ids = new Set([rootId]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const r of rows) {
      if (r.parentId !== null && ids.has(r.parentId) && !ids.has(r.id)) {
        ids.add(r.id);
        grew = true;
      }
    }
  }
  return ids;
}
