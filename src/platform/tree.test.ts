import { describe, expect, it } from 'vitest';
import { flattenTree, subtreeIds } from './tree.js';

const rows = [
  { id: 1, parentId: null, name: 'Sales' },
  { id: 2, parentId: 1, name: 'Retail' },
  { id: 3, parentId: 1, name: 'Corporate' },
  { id: 4, parentId: 3, name: 'Key accounts' },
  { id: 5, parentId: null, name: 'Accounting' },
];

describe('department tree', () => {
  it('lists parents before children, alphabetically, with depth', () => {
    expect(flattenTree(rows).map((n) => `${'-'.repeat(n.depth)}${n.row.name}`)).toEqual([
      'Accounting',
      'Sales',
      '-Corporate',
      '--Key accounts',
      '-Retail',
    ]);
  });

  it('finds a department and everything below it', () => {
    expect([...subtreeIds(rows, 1)].sort()).toEqual([1, 2, 3, 4]);
    expect([...subtreeIds(rows, 4)]).toEqual([4]);
  });
});
