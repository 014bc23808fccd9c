/**
 * The floor of a page: what bare Express spends running only that page's SQL and sending only its
 * bytes (test/bench/reference/floor.mjs). Whatever Prosto does besides — session, rights, building
 * the SQL, rendering, the layout — comes on top, so a page cannot be cheaper than its floor.
 *
 * The statements are recorded here, in this process, from the source tree's own app on the bench data:
 * each page is requested twice first, so what is recorded is a warm request (memoized reads not run).
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { createApp } from '../../src/app.js';
import { openContext } from '../../src/boot.js';
import { loadConfig } from '../../src/config.js';
import { Client } from '../support/http-client.js';

export interface RecordedStatement {
  method: 'all' | 'get' | 'run' | 'iterate';
  sql: string;
  args: unknown[];
  raw: boolean;
  pluck: boolean;
}

export interface RecordedPage {
  url: string;
  statements: RecordedStatement[];
  body: string;
  contentType: string;
}

const METHODS = ['all', 'get', 'run', 'iterate'] as const;
const MODES = ['raw', 'pluck'] as const;

/** Statement methods wrapped so that each call is appended to `log` while it is set; returns the undo. */
function recordStatements(sqlite: Database.Database, log: () => RecordedStatement[] | null): () => void {
  const proto = Object.getPrototypeOf(sqlite.prepare('SELECT 1')) as Record<string, (...args: unknown[]) => unknown>;
  const originals = new Map<string, (...args: unknown[]) => unknown>();
  const modes = new WeakMap<object, { raw: boolean; pluck: boolean }>();
  for (const mode of MODES) {
    const original = proto[mode]!;
    originals.set(mode, original);
    proto[mode] = function (this: object, ...args: unknown[]) {
      modes.set(this, { ...(modes.get(this) ?? { raw: false, pluck: false }), [mode]: args[0] !== false });
      return original.apply(this, args);
    };
  }
  for (const method of METHODS) {
    const original = proto[method]!;
    originals.set(method, original);
    proto[method] = function (this: { source: string }, ...args: unknown[]) {
      log()?.push({ method, sql: this.source, args, ...(modes.get(this) ?? { raw: false, pluck: false }) });
      return original.apply(this, args);
    };
  }
  return () => {
    for (const [name, original] of originals) proto[name] = original;
  };
}

/** Signs in as the bench user on the data folder and records each page's third request. */
export async function recordPages(dataDir: string, urls: string[]): Promise<RecordedPage[]> {
  // Reports compute inline here, so their statements go through the connection being recorded.
  const ctx = await openContext(loadConfig({ flags: { data: dataDir, 'backup-time': 'off', 'log-level': 'warn', 'report-runner': 'inline' }, env: {} }), { claim: 'serve' });
  let log: RecordedStatement[] | null = null;
  const undo = recordStatements(ctx.sqlite, () => log);
  const server = http.createServer(createApp(ctx));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const c = new Client(base);
    await c.signIn('bench@example.com', 'Bench-pass-123');
    const pages: RecordedPage[] = [];
    for (const url of urls) {
      await c.get(url);
      await c.get(url);
      log = [];
      const res = await c.get(url);
      if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
      pages.push({ url, statements: log, body: res.text, contentType: res.headers.get('content-type') ?? 'text/html' });
      log = null;
    }
    return pages;
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    undo();
    ctx.close();
  }
}

/** Writes the recorded pages where the floor server reads them. */
export function writeRecording(dir: string, pages: RecordedPage[]): string {
  const file = path.join(dir, 'floor-pages.json');
  fs.writeFileSync(file, JSON.stringify(pages));
  return file;
}
