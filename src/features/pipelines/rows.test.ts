import { describe, expect, it } from 'vitest';
import { arrangeRows, pipelineSemantics, type StageRow } from './rows.js';

const r = (name: string, semantics: string, sort: number, extra: Partial<StageRow> = {}): StageRow => ({
  id: 1,
  name,
  color: '#112233',
  semantics,
  sort,
  remove: false,
  ...extra,
});

describe('stage rows', () => {
  it('orders open, won, lost by position and renumbers; drops removed and blank new rows', () => {
    const { rows, errors } = arrangeRows(
      [r('Lost', 'lost', 1), r('Won', 'won', 99), r('B', 'open', 20), r('A', 'open', 5), r('Gone', 'open', 1, { remove: true }), r('', 'open', 0, { id: null })],
      pipelineSemantics,
    );
    expect(errors).toBeNull();
    expect(rows.map((x) => `${x.name}:${x.sort}`)).toEqual(['A:10', 'B:20', 'Won:30', 'Lost:40']);
  });

  it.each([
    [[r('Won', 'won', 1), r('Lost', 'lost', 2)], 'stages.error.open'],
    [[r('A', 'open', 1), r('Lost', 'lost', 2)], 'stages.error.win'],
    [[r('A', 'open', 1), r('W1', 'won', 2), r('W2', 'won', 3), r('L', 'lost', 4)], 'stages.error.win'],
    [[r('A', 'open', 1), r('W', 'won', 2)], 'stages.error.lose'],
    [[r('A', 'open', 1), r('a', 'open', 2), r('W', 'won', 2), r('L', 'lost', 3)], 'stages.error.duplicate'],
    [[r('', 'open', 1), r('W', 'won', 2), r('L', 'lost', 3)], 'stages.error.name'],
  ])('refuses %j with %s', (rows, key) => {
    expect(arrangeRows(rows, pipelineSemantics).errors?.rows?.key).toBe(key);
  });
});
