import { describe, expect, it } from 'vitest';
import { Client } from '../support/http-client.js';
import { addUser, type TestServer } from '../support/server.js';
import { eachWithAdmin } from '../support/suite.js';

let server: TestServer;
let admin: Client;

eachWithAdmin((s, a) => {
  server = s;
  admin = a;
});

describe('jobs page', () => {
  it('lists every job with its schedule; "Run now" runs it and the run shows with its counts', async () => {
    const page = await admin.get('/settings/jobs');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Reminders');
    expect(page.text).toContain('<code>* * * * *</code>');
    expect(page.text).toContain('Backup');
    expect(page.text).toContain('Has not run yet.');

    const run = await admin.post('/settings/jobs/reminders/run', {});
    expect(run.status).toBe(303);
    const after = await admin.get('/settings/jobs');
    expect(after.text).toContain('Job &#34;Reminders&#34; finished.');
    const reminders = after.text.slice(after.text.indexOf('id="job-reminders"'));
    expect(reminders).toContain('by hand');
    expect(reminders).toContain('sent: 0, late: 0, dropped: 0');
    expect(reminders).toMatch(/<td>OK<\/td>/);
    expect((await admin.post('/settings/jobs/nothing/run', {})).status).toBe(404);
  });

  it('is for administrators only', async () => {
    await addUser(server.ctx, { email: 'manager@example.com', password: 'Manager-pass-1', fullName: 'Manager' });
    const manager = new Client(server.url);
    await manager.signIn('manager@example.com', 'Manager-pass-1');
    expect((await manager.get('/settings/jobs')).status).toBe(403);
    expect((await manager.post('/settings/jobs/reminders/run', {})).status).toBe(403);
  });
});
