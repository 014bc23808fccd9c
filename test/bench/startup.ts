/**
 * Size and cold start of the single executable: time from exec until /healthz answers, on an empty data
 * folder (first start: migrations run) and on an existing one, 5 runs each. Run after npm run build:
 *   npm run bench:startup
 */
import fs from 'node:fs';
import path from 'node:path';
import { freePort, startProsto } from '../support/cli.js';
import { tempDir } from '../support/context.js';
import { writeSection } from './report.js';

const exe = path.resolve(process.env.PROSTO_EXECUTABLE ?? 'build/out/prosto');
process.env.PROSTO_EXECUTABLE = exe;

async function coldStart(data: string): Promise<number> {
  const port = await freePort();
  const t0 = performance.now();
  const server = await startProsto(['--data', data, '--backup-time', 'off'], port);
  const ms = performance.now() - t0;
  await server.stop();
  return ms;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main() {
  const size = fs.statSync(exe).size;
  const fresh: number[] = [];
  for (let i = 0; i < 5; i++) fresh.push(await coldStart(tempDir()));
  const existing = tempDir();
  await coldStart(existing);
  const again: number[] = [];
  for (let i = 0; i < 5; i++) again.push(await coldStart(existing));
  const fmt = (xs: number[]) => `${Math.round(median(xs))} ms (min ${Math.round(Math.min(...xs))}, max ${Math.round(Math.max(...xs))})`;
  const summary = `## Single executable (${new Date().toISOString().slice(0, 10)})

\`npm run build && npm run bench:startup\` — time from starting \`build/out/prosto\` until \`/healthz\` answers (polled every 20 ms), median of 5.

| size | cold start, new data folder (creates and migrates the database) | cold start, existing data folder |
|---|---|---|
| ${(size / 1024 / 1024).toFixed(1)} MiB | ${fmt(fresh)} | ${fmt(again)} |
`;
  console.log(summary);
  writeSection('startup', summary);
}

void main();
