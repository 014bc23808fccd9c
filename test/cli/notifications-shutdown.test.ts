import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { startServer } from '../../src/server.js';
import { freePort } from '../support/cli.js';
import { tempDir, testContext } from '../support/context.js';
import { Client } from '../support/http-client.js';
import { ADMIN, setUpCompany } from '../support/server.js';
import { openStream } from '../support/sse.js';

describe('shutdown with open notification streams', () => {
  it('ends the live streams at once instead of waiting for them', async () => {
    const data = tempDir();
    const prepared = testContext({ dataDir: data });
    await setUpCompany(prepared);
    prepared.sqlite.close();

    const port = await freePort();
    const server = await startServer(loadConfig({ flags: { data, host: '127.0.0.1', port: String(port), 'log-level': 'silent' } }));
    const admin = new Client(server.url);
    await admin.signIn(ADMIN.email, ADMIN.password);
    const tabs = [await openStream(admin, '/notifications/stream'), await openStream(admin, '/notifications/stream')];
    for (const tab of tabs) expect((await tab.next()).event).toBe('unread');

    const started = Date.now();
    await server.close();
    expect(Date.now() - started).toBeLessThan(3_000);
    for (const tab of tabs) expect(await tab.ended()).toBe(true);
  });
});
