import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import type { Client } from './http-client.js';
import type { TestServer } from './server.js';
import { settled } from '../../src/features/import/job.js';

export const IMPORT_FIXTURES = path.resolve(import.meta.dirname, '../fixtures/import');

/** Uploads a file for import; returns the draft job's id (the mapping page it redirects to). */
export async function uploadImport(client: Client, entity: string, name: string, content?: Buffer | string): Promise<number> {
  await client.get(`/import/${entity}`);
  const body = content ?? fs.readFileSync(path.join(IMPORT_FIXTURES, name));
  const res = await client.postMultipart(`/import/upload?entity=${entity}`, {}, [{ field: 'file', name, content: body }]);
  expect(res.status, res.text.slice(0, 500)).toBe(303);
  return Number(res.headers.get('location')!.split('/').pop());
}

/** The mapping page's current choices, as its form would post them. */
export function mappingOf(html: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of html.matchAll(/name="(map\.\d+)">([\s\S]*?)<\/select>/g)) {
    const selected = /<option value="([^"]*)" selected>/.exec(m[2]!);
    if (selected) out[m[1]!] = selected[1]!;
  }
  return out;
}

/** Posts the mapping page with its current mapping and the given options over the defaults; waits for the job when started. */
export async function startImport(server: TestServer, client: Client, id: number, options: Record<string, string | string[]> = {}, map: Record<string, string> = {}) {
  const page = await client.get(`/import/jobs/${id}`);
  expect(page.status).toBe(200);
  const chosen = (name: string) => new RegExp(`name="${name}">[\\s\\S]*?<option value="(\\d+)" selected>`).exec(page.text)?.[1] ?? '';
  const form = { ...mappingOf(page.text), ...map, stageId: chosen('stageId'), statusId: chosen('statusId'), duplicates: 'skip', matchBy: ['email', 'phone', 'taxId'], responsibleId: '1', currency: 'RUB', action: 'start', ...options };
  const res = await client.post(`/import/jobs/${id}`, form);
  await settled(server.ctx, id);
  return res;
}

export function job(server: TestServer, id: number) {
  return server.ctx.sqlite.prepare('SELECT * FROM import_jobs WHERE id = ?').get(id) as { status: string; position: number; total_rows: number; created: number; updated: number; skipped: number; rejected: number };
}
