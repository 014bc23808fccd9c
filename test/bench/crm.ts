/**
 * CRM page speed at scale (issue "Core CRM records"): seeds 200k contacts, 50k companies, 100k leads and
 * 200k deals (test/bench/seed.ts) unless the folder already holds them, starts Prosto on it, signs in,
 * and measures each page with autocannon — 50 connections for a bounded time — next to a reference
 * server (plain Express + EJS + better-sqlite3, 50 contact rows, no session or layout) as the ceiling,
 * and next to each page's floor: its own recorded SQL and bytes through bare Express (test/bench/floor.ts).
 * Search is also measured at one connection, and each list's first page sorted and filtered by each
 * column (test/bench/columns.ts). Figures go to docs/benchmarks.md.
 *
 *   npm run bench:crm            (PROSTO_EXECUTABLE=build/out/prosto to measure the executable)
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { encodeCursor } from '../../src/platform/records/paging.js';
import { freePort, startProsto } from '../support/cli.js';
import { tempDir } from '../support/context.js';
import { Client } from '../support/http-client.js';
import { writeSection } from './report.js';
import { columnTables, measureColumns, ms, time } from './columns.js';
import { recordPages, writeRecording } from './floor.js';

const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const WARM_UP = 3;
const root = path.resolve(import.meta.dirname, '../..');

interface Result {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  /** The server process's CPU time (all its threads, user and system) per request: steadier than req/s between runs. */
  cpuMs: number;
  /** Share of the machine's CPU the hypervisor gave to other guests meanwhile ("steal"): a run with much of it says little. */
  stolen: number;
  errors: number;
}

/** CPU time a process has used so far, in ms (Linux: utime + stime from /proc, in clock ticks of 10 ms). */
function cpuTime(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** CPU time the hypervisor has taken from this machine so far, in ms (the "steal" column of /proc/stat). */
function stolenTime(): number {
  return Number(fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/)[8]) * 10;
}

async function measure(name: string, url: string, cookie: string | null, connections: number, pid: number): Promise<Result> {
  const headers = cookie ? { cookie } : {};
  // Not recorded: compiles the page's code paths and fills SQLite's page cache, as on a server that has been up a while.
  await autocannon({ url, connections, duration: WARM_UP, headers });
  const before = cpuTime(pid);
  const stolenBefore = stolenTime();
  const r = await autocannon({ url, connections, duration: DURATION, headers });
  const stolen = (stolenTime() - stolenBefore) / (DURATION * 1000 * os.availableParallelism());
  return { name, rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, cpuMs: (cpuTime(pid) - before) / Math.max(1, r.requests.total), stolen, errors: r.errors + r.non2xx };
}

/**
 * What the ceiling runs on: the same Node as Prosto. For the source tree that is this process's; for
 * the single executable (PROSTO_EXECUTABLE) the Node 24 runtime and better-sqlite3 addon the build
 * left in build/cache.
 */
function ceilingRuntime(): { node: string; addon: string | null; label: string; executable: boolean } {
  const exe = process.env.PROSTO_EXECUTABLE;
  if (!exe) return { node: process.execPath, addon: null, label: `source tree and ceiling on Node ${process.version}`, executable: false };
  const cache = path.join(root, 'build/cache');
  const node = path.join(cache, 'node-24/bin/node');
  const addon = fs.existsSync(cache) ? fs.readdirSync(cache).find((f) => /^better_sqlite3-.*\.node$/.test(f)) : undefined;
  if (!fs.existsSync(node) || !addon) throw new Error('build/cache has no Node 24 runtime or better-sqlite3 addon: run `npm run build` first');
  const version = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim();
  return { node, addon: path.join(cache, addon), label: `the single executable ${path.relative(root, exe)} and the ceiling both on Node ${version}`, executable: true };
}

/** Starts one of the reference servers (test/bench/reference) on the ceiling's runtime; resolves once it listens. */
async function startReference(runtime: ReturnType<typeof ceilingRuntime>, script: string, args: string[]): Promise<{ child: ChildProcess; base: string }> {
  const port = await freePort();
  const child = spawn(runtime.node, [path.join(root, 'test/bench/reference', script), ...args, String(port)], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, ...(runtime.addon ? { REFERENCE_SQLITE_ADDON: runtime.addon } : {}) },
  });
  await new Promise<void>((resolve) => child.stdout!.once('data', () => resolve()));
  return { child, base: `http://127.0.0.1:${port}` };
}

async function main() {
  const data = process.env.BENCH_DATA ?? path.join(tempDir('prosto-bench-'), 'data');
  if (!fs.existsSync(path.join(data, 'prosto.db'))) {
    await new Promise<void>((resolve, reject) => {
      const seed = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'test/bench/seed.ts'), data], { stdio: 'inherit' });
      seed.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`seeding failed: ${code}`))));
    });
  }
  const db = new Database(path.join(data, 'prosto.db'), { readonly: true });
  const deep = db.prepare('SELECT full_name AS v, id FROM contacts WHERE deleted_at IS NULL ORDER BY full_name, id LIMIT 1 OFFSET 150000').get() as { v: string; id: number };
  const phone = (db.prepare(`SELECT normalized FROM communications WHERE entity = 'contact' AND kind = 'phone' LIMIT 1 OFFSET 777`).get() as { normalized: string }).normalized;
  const dealId = (db.prepare('SELECT id FROM deals LIMIT 1 OFFSET 100000').get() as { id: number }).id;
  const companyId = (db.prepare('SELECT company_id AS id FROM deals GROUP BY company_id ORDER BY count(*) DESC LIMIT 1').get() as { id: number }).id;
  const counts = ['contacts', 'companies', 'leads', 'deals', 'activities', 'history'].map((t) => `${(db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n} ${t}`);
  db.close();

  const searchPhone = `/search?q=${phone.slice(3, 9)}`;
  const searchSurname = `/search?q=${encodeURIComponent('Смирнов')}`;
  const pages: [string, string][] = [
    ['deal list, first page', '/deals'],
    ['deal list, filtered by pipeline, sorted by amount', '/deals?pipeline=1&sort=amountMinor&dir=desc'],
    ['deal list, filtered by a custom list field, sorted by title', '/deals?f.cf_channel=2&sort=title&dir=asc'],
    ['contact list, page 3000 (row 150 000)', `/contacts?sort=fullName&dir=asc&after=${encodeCursor({ value: deep.v, id: deep.id })}`],
    ['kanban of the default pipeline', '/deals/kanban'],
    ['deal record page', `/deals/${dealId}`],
    ['global search, phone fragment', searchPhone],
    ['global search, surname', searchSurname],
    // What every signed-in page costs before its own content: the session, CSRF, rights, layout.
    ['search page without a query (the layout alone)', '/search'],
  ];
  const recording = writeRecording(tempDir('prosto-floor-'), await recordPages(data, pages.map(([, url]) => url)));

  const port = await freePort();
  const server = await startProsto(['--data', data, '--backup-time', 'off', '--log-level', 'warn'], port);
  const runtime = ceilingRuntime();
  const reference = await startReference(runtime, 'server.mjs', [path.join(data, 'prosto.db')]);
  const floor = await startReference(runtime, 'floor.mjs', [path.join(data, 'prosto.db'), recording]);
  const results: Result[] = [];
  const floors: Result[] = [];
  try {
    const base = `http://127.0.0.1:${port}`;
    const c = new Client(base);
    await c.signIn('bench@example.com', 'Bench-pass-123');
    // The session and CSRF cookies, as a signed-in browser sends them.
    const cookie = c.cookieHeader();
    const ceiling = await measure('reference: 50 contact rows, plain Express + EJS', `${reference.base}/contacts`, null, 50, reference.child.pid!);
    const prosto = server.child.pid!;
    results.push(ceiling);
    for (const [i, [name, url]] of pages.entries()) {
      const probe = await fetch(base + url, { headers: { cookie } });
      if (probe.status !== 200) throw new Error(`${url} answered ${probe.status}`);
      results.push(await measure(name, base + url, cookie, 50, prosto));
      floors.push(await measure(name, `${floor.base}/${i}`, null, 50, floor.child.pid!));
    }
    const single = [
      await measure('global search, phone fragment, 1 connection', base + searchPhone, cookie, 1, prosto),
      await measure('global search, surname, 1 connection', base + searchSurname, cookie, 1, prosto),
    ];
    // The pages a manager opens besides lists, over the seeded activities and history.
    const others: [string, string][] = [
      ['home: my activities, deals and leads', '/'],
      ['calendar, this week', '/calendar'],
      ['calendar, this month', '/calendar?view=month'],
      ['activity stream', '/stream'],
      ['company page', `/companies/${companyId}`],
    ];
    const otherTimes = [];
    for (const [name, url] of others) otherTimes.push({ name, time: await time(base + url, cookie) });
    const columns = await measureColumns(base, cookie, path.join(data, 'prosto.db'));
    const percent = (share: number) => `${Math.round(share * 100)} %`;
    const row = (r: Result) => `| ${r.name} | ${Math.round(r.rps)} | ${r.p50} | ${r.p99} | ${(r.rps / ceiling.rps).toFixed(2)} | ${r.cpuMs.toFixed(2)} | ${(ceiling.cpuMs / r.cpuMs).toFixed(2)} | ${percent(r.stolen)} | ${r.errors} |`;
    const summary = `## CRM pages at scale${runtime.executable ? ', the single executable' : ''} (${new Date().toISOString().slice(0, 10)})

\`npm run bench:crm\` — ${counts.join(', ')}; autocannon, ${DURATION} s per page after ${WARM_UP} s of warm-up, signed-in session (its session and CSRF cookies), ${runtime.label}. Targets: every page ≥ 0.5 of the ceiling's req/s with p99 ≤ 150 ms at 50 connections; search p50 ≤ 30 ms at one connection. "Server CPU ms per request" is the server process's CPU time (every thread, user and system) over the requests it answered: it moves less between runs than req/s on this shared machine, and "CPU ratio" is the ceiling's CPU per request over the page's. A page's "floor" is bare Express (test/bench/reference/floor.mjs, on the ceiling's runtime) running only the statements that page runs, recorded from a warm request, and sending only its bytes: no session, rights, SQL building or rendering, so the page cannot cost less, and its ratios are the best that page could reach. "Stolen" is the share of the machine's CPU the hypervisor gave to other guests during the measurement: req/s from a run with much of it are low for reasons outside Prosto.

| page (50 connections) | req/s | p50 ms | p99 ms | ratio to ceiling | server CPU ms per request | CPU ratio | stolen | errors |
|---|---|---|---|---|---|---|---|---|
${results.map(row).join('\n')}

| the page's floor (50 connections) | req/s | p50 ms | p99 ms | ratio to ceiling | server CPU ms per request | CPU ratio | stolen | errors |
|---|---|---|---|---|---|---|---|---|
${floors.map(row).join('\n')}

| search at 1 connection | req/s | p50 ms | p99 ms | | server CPU ms per request | | stolen | errors |
|---|---|---|---|---|---|---|---|---|
${single.map((r) => `| ${r.name} | ${Math.round(r.rps)} | ${r.p50} | ${r.p99} | | ${r.cpuMs.toFixed(2)} | | ${percent(r.stolen)} | ${r.errors} |`).join('\n')}

| other pages (1 connection, request to last byte) | median ms | slowest ms |
|---|---|---|
${otherTimes.map((p) => `| ${p.name} | ${ms(p.time)} |`).join('\n')}

Every list sorted by each sortable column and filtered by each filterable one: the time a browser waits for the first page (request to last byte).

${columnTables(columns)}
`;
    console.log(summary);
    writeSection(runtime.executable ? 'crm-executable' : 'crm', summary);
  } finally {
    reference.child.kill();
    floor.child.kill();
    await server.stop();
  }
}

void main();
