import type { AddressInfo } from 'node:net';
import http from 'node:http';
import { createApp } from '../../src/app.js';
import { oneRequestPerTurn } from '../../src/platform/http/turns.js';
import type { AppContext } from '../../src/context.js';
import { completeSetup } from '../../src/features/setup/service.js';
import { createUser } from '../../src/features/users/service.js';
import { roleByCode } from '../../src/features/users/queries.js';
import { testContext, type TestClock } from './context.js';

export interface TestServer {
  url: string;
  ctx: AppContext & { clock: TestClock };
  close(): Promise<void>;
}

/** createApp() over a temporary database, served as src/server.ts does, on 127.0.0.1 on a free port. */
export async function startTestServer(ctx = testContext()): Promise<TestServer> {
  const server = http.createServer(oneRequestPerTurn(createApp(ctx)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    ctx,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export const ADMIN = { email: 'admin@example.com', password: 'correct horse battery', fullName: 'Анна Админова' };

/** Finishes setup through the service (for tests that are not about the wizard). */
export async function setUpCompany(ctx: AppContext, locale: 'ru' | 'en' = 'en'): Promise<void> {
  await completeSetup(ctx, {
    locale,
    fullName: ADMIN.fullName,
    email: ADMIN.email,
    password: ADMIN.password,
    companyName: 'ООО Вектор',
    legalName: null,
    taxId: null,
    address: null,
    phone: null,
    timeZone: 'Europe/Moscow',
    baseCurrency: 'RUB',
  });
}

export async function addUser(
  ctx: AppContext,
  user: { email: string; password: string; fullName: string; role?: string; departmentIds?: number[] },
) {
  const role = roleByCode(ctx.db, user.role ?? 'manager')!;
  return createUser(ctx, { userId: null, ip: null }, {
    email: user.email,
    password: user.password,
    passwordConfirm: user.password,
    fullName: user.fullName,
    locale: 'en',
    roleIds: [role.id],
    departmentIds: user.departmentIds ?? [],
    absentUntil: null,
  });
}
