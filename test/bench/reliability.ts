/**
 * Crash reliability: 4 writers create records over HTTP while the server is killed with SIGKILL at
 * random moments, 20 times. After every kill the database must pass integrity_check and hold every
 * record whose creation the server acknowledged. Meanwhile, every round, a second server is started
 * on the same data folder and a restore is tried: both must be refused while the first one serves,
 * and the first one's acknowledged writes must stay. Bounded: 20 rounds of at most 3 s of writing
 * (plus the time the refused second start and restore take).
 *
 * Run: npm run bench:reliability   (PROSTO_EXECUTABLE=build/out/prosto to test the executable)
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { freePort, runProsto, startProsto } from '../support/cli.js';
import { tempDir } from '../support/context.js';
import { Client } from '../support/http-client.js';
import { writeSection } from './report.js';

const ROUNDS = 20;
const WRITERS = 4;

async function main() {
  const data = tempDir('prosto-reliability-');
  const made = await runProsto(['create-admin', '--data', data, '--email', 'r@example.com', '--name', 'R', '--company', 'R', '--language', 'en'], 'Reliable-pass-1\n');
  if (made.code !== 0) throw new Error(made.stderr);
  const acknowledged = new Set<string>();
  let attempted = 0;
  let lost = 0;
  let corrupt = 0;
  let secondStarted = 0;
  let restoresDone = 0;
  const port = await freePort();
  const archive = path.join(data, 'reliability-backup.tar.gz');
  if ((await runProsto(['backup', archive, '--data', data])).code !== 0) throw new Error('backup failed');
  for (let round = 1; round <= ROUNDS; round++) {
    const server = await startProsto(['--data', data, '--backup-time', 'off'], port);
    const clients = await Promise.all(
      Array.from({ length: WRITERS }, async () => {
        const c = new Client(`http://127.0.0.1:${port}`);
        await c.signIn('r@example.com', 'Reliable-pass-1');
        await c.get('/settings/departments/new');
        return c;
      }),
    );
    let alive = true;
    const writers = clients.map(async (c, w) => {
      for (let i = 0; alive; i++) {
        const name = `r${round}-w${w}-${i}`;
        attempted++;
        try {
          const res = await c.post('/settings/departments', { name });
          if (res.status === 303) acknowledged.add(name);
        } catch {
          return; // the server died mid-request: this write was not acknowledged
        }
      }
    });
    const intruders = (async () => {
      const second = await runProsto(['--data', data, '--host', '127.0.0.1', '--port', String(await freePort()), '--backup-time', 'off']);
      if (second.code !== 1 || !second.stderr.includes('is already running on')) secondStarted++;
      const restore = await runProsto(['restore', archive, '--data', data]);
      if (restore.code !== 1) restoresDone++;
    })();
    await new Promise((r) => setTimeout(r, 300 + Math.random() * 2700));
    await intruders;
    server.child.kill('SIGKILL');
    alive = false;
    await Promise.all(writers);
    await new Promise<void>((r) => (server.child.exitCode !== null || server.child.signalCode ? r() : server.child.once('exit', () => r())));

    const db = new Database(path.join(data, 'prosto.db'));
    const integrity = db.pragma('integrity_check', { simple: true });
    const stored = new Set((db.prepare('SELECT name FROM departments').all() as { name: string }[]).map((r) => r.name));
    db.close();
    const missing = [...acknowledged].filter((n) => !stored.has(n));
    if (integrity !== 'ok') corrupt++;
    lost = Math.max(lost, missing.length);
    console.log(`round ${round}: integrity ${integrity}, acknowledged so far ${acknowledged.size}, missing ${missing.length}`);
  }
  const summary = `## Crash reliability (${new Date().toISOString().slice(0, 10)})

\`npm run bench:reliability\` — ${WRITERS} writers creating records over HTTP, server killed with SIGKILL at a random moment, ${ROUNDS} times; in every round, while it serves, a second server is started on the same data folder and a restore is tried.

| rounds | writes attempted | writes acknowledged | acknowledged writes lost | rounds failing integrity_check | second servers that started | restores that ran under the server |
|---|---|---|---|---|---|---|
| ${ROUNDS} | ${attempted} | ${acknowledged.size} | ${lost} | ${corrupt} | ${secondStarted} of ${ROUNDS} | ${restoresDone} of ${ROUNDS} |
`;
  console.log(summary);
  writeSection('reliability', summary);
  if (lost || corrupt || secondStarted || restoresDone) process.exit(1);
}

void main();
