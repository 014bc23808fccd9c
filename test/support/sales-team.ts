import type { AppContext } from '../../src/context.js';
import { addCurrency } from '../../src/features/currencies/service.js';
import { createDepartment } from '../../src/features/departments/service.js';
import { findUser } from '../../src/features/users/queries.js';
import { toCurrentUser } from '../../src/platform/auth/sessions.js';
import { addUser } from './server.js';

/**
 * The company the report tests count in: USD at 90.5 and EUR at 100.2575 beside the base RUB, two
 * departments (Sales, Retail), a director, Manager One in Sales and Manager Two in Retail.
 */
export async function salesTeam(ctx: AppContext, password: string) {
  const root = toCurrentUser(ctx.db, findUser(ctx.db, 1)!);
  addCurrency(ctx, root, 'USD', '90.5');
  addCurrency(ctx, root, 'EUR', '100.2575');
  const sales = createDepartment(ctx, { name: 'Sales', parentId: null, headUserId: null });
  const retail = createDepartment(ctx, { name: 'Retail', parentId: null, headUserId: null });
  const people = {
    director: (await addUser(ctx, { email: 'director@example.com', password, fullName: 'Director', role: 'director' })).id,
    one: (await addUser(ctx, { email: 'one@example.com', password, fullName: 'Manager One', role: 'manager', departmentIds: [sales.id] })).id,
    two: (await addUser(ctx, { email: 'two@example.com', password, fullName: 'Manager Two', role: 'manager', departmentIds: [retail.id] })).id,
  };
  return { root, sales, people };
}
