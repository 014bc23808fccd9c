import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { launchBrowser } from './browser.js';
import { Client } from './http-client.js';
import { ADMIN, setUpCompany, startTestServer, type TestServer } from './server.js';

/**
 * For HTTP test files whose every test starts the same way: before each test a fresh server on a new
 * database with setup finished and the administrator signed in, handed to `use`; closed after it.
 */
export function eachWithAdmin(use: (server: TestServer, admin: Client) => void): void {
  let server: TestServer | undefined;
  beforeEach(async () => {
    server = await startTestServer();
    await setUpCompany(server.ctx);
    const admin = new Client(server.url);
    await admin.signIn(ADMIN.email, ADMIN.password);
    use(server, admin);
  });
  afterEach(() => server?.close());
}

/**
 * For browser test files: one Chromium and one server with setup finished for the whole file, handed
 * to `use`; both closed at the end.
 */
export function allWithBrowser(use: (browser: Browser, server: TestServer) => void): void {
  let browser: Browser | undefined;
  let server: TestServer | undefined;
  beforeAll(async () => {
    browser = await launchBrowser();
    server = await startTestServer();
    await setUpCompany(server.ctx);
    use(browser, server);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
}
