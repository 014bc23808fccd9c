import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testContext } from '../../test/support/context.js';
import { addUser, setUpCompany } from '../../test/support/server.js';
import { updateUser } from '../features/users/queries.js';
import { toLocalInput } from './format.js';
import { dropRotation, nextInRotation } from './distribution.js';

let ctx: ReturnType<typeof testContext>;
let team: number[];

beforeEach(async () => {
  ctx = testContext();
  await setUpCompany(ctx);
  team = [];
  for (const name of ['Anna', 'Boris', 'Vera']) team.push((await addUser(ctx, { email: `${name.toLowerCase()}@example.com`, password: `${name}-pass-123`, fullName: name })).id);
});
afterEach(() => ctx.sqlite.close());

const day = (offsetDays: number) => toLocalInput(ctx.clock.now() + offsetDays * 86_400_000, 'Europe/Moscow').slice(0, 10);
const take = (n: number, key = 'form:1', ids = team) => Array.from({ length: n }, () => nextInRotation(ctx, key, ids));

describe('round-robin distribution', () => {
  it('gives work to each chosen user in turn, starting from the top', () => {
    const [anna, boris, vera] = team as [number, number, number];
    expect(take(7)).toEqual([anna, boris, vera, anna, boris, vera, anna]);
  });

  it('skips a user absent today and takes them back after their last absent day', () => {
    const [anna, boris, vera] = team as [number, number, number];
    updateUser(ctx.db, boris, { absentUntil: day(0) });
    expect(take(4)).toEqual([anna, vera, anna, vera]);
    ctx.clock.advance(86_400_000);
    expect(take(3)).toEqual([anna, boris, vera]);
  });

  it('skips deactivated users', () => {
    const [anna, boris, vera] = team as [number, number, number];
    updateUser(ctx.db, anna, { isActive: false });
    expect(take(3)).toEqual([boris, vera, boris]);
  });

  it('gives work to an absent user when every chosen user is absent, and to nobody when none is active', () => {
    const [anna, boris, vera] = team as [number, number, number];
    for (const id of team) updateUser(ctx.db, id, { absentUntil: day(3) });
    expect(take(2)).toEqual([anna, boris]);
    for (const id of team) updateUser(ctx.db, id, { isActive: false });
    expect(nextInRotation(ctx, 'form:1', team)).toBeNull();
    expect(nextInRotation(ctx, 'form:1', [])).toBeNull();
    updateUser(ctx.db, vera, { isActive: true });
    expect(take(1)).toEqual([vera]);
  });

  it('keeps rotations apart and follows a changed list', () => {
    const [anna, boris, vera] = team as [number, number, number];
    expect(take(2, 'form:1')).toEqual([anna, boris]);
    expect(take(1, 'form:2')).toEqual([anna]);
    // Boris got the last one; with Boris removed the list starts again from its top.
    expect(take(2, 'form:1', [vera, anna])).toEqual([vera, anna]);
    expect(take(1, 'form:1', [anna, boris, vera])).toEqual([boris]);
    dropRotation(ctx, 'form:1');
    expect(take(1, 'form:1')).toEqual([anna]);
  });

  it('rolls back with the transaction that failed to use the turn', () => {
    const [anna, boris] = team as [number, number, number];
    expect(() =>
      ctx.sqlite.transaction(() => {
        expect(nextInRotation(ctx, 'form:1', team)).toBe(anna);
        throw new Error('the record was refused');
      })(),
    ).toThrow();
    expect(take(2)).toEqual([anna, boris]);
  });
});
