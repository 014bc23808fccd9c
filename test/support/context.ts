import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { defaults, type Config } from '../../src/config.js';
import { installationSecret, type AppContext, type Clock } from '../../src/context.js';
import { openDatabase } from '../../src/db/connection.js';
import { migrate } from '../../src/db/migrate.js';
import { seed } from '../../src/db/seed.js';
import { createJobs } from '../../src/jobs/index.js';

/** A clock tests can move: starts at the real time, `advance(ms)` moves it forward. */
export class TestClock implements Clock {
  private offset = 0;
  now(): number {
    return Date.now() + this.offset;
  }
  advance(ms: number): void {
    this.offset += ms;
  }
}

export function tempDir(prefix = 'prosto-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A real migrated SQLite database in a fresh temporary folder, and a context around it. */
export function testContext(options: { dataDir?: string; config?: Partial<Config> } = {}): AppContext & { clock: TestClock } {
  const dataDir = options.dataDir ?? tempDir();
  const config: Config = { ...defaults, dataDir, backupDir: path.join(dataDir, 'backups'), host: '127.0.0.1', port: 0, logLevel: 'silent', ...options.config };
  const { db, sqlite } = openDatabase(path.join(dataDir, 'prosto.db'));
  migrate(sqlite);
  const clock = new TestClock();
  seed(db, clock.now());
  const base = { config, db, sqlite, logger: pino({ level: 'silent' }), clock, secret: installationSecret(db) };
  return { ...base, jobs: createJobs(base) };
}
