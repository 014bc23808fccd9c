import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { FILES_DIR } from '../../features/backup/archive.js';

/**
 * Mail attachments are files under the data folder's `files/mail/<year>/<month>/`, named by a random
 * id (never by what the sender called them), so backups carry them with the database.
 */
const MAIL_DIR = 'mail';

function root(dataDir: string): string {
  return path.join(dataDir, FILES_DIR);
}

function freshName(now: number): string {
  const d = new Date(now);
  return path.posix.join(MAIL_DIR, String(d.getUTCFullYear()), String(d.getUTCMonth() + 1).padStart(2, '0'), crypto.randomBytes(12).toString('hex'));
}

/** Stores content and returns its path relative to files/. */
export function storeContent(dataDir: string, content: Buffer, now: number): string {
  const rel = freshName(now);
  const target = path.join(root(dataDir), rel);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, content, { mode: 0o600 });
  return rel;
}

/** Moves an uploaded file in and returns its path relative to files/. */
export function storeUpload(dataDir: string, file: string, now: number): string {
  const rel = freshName(now);
  const target = path.join(root(dataDir), rel);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.renameSync(file, target);
  return rel;
}

/** The file of a stored path; refuses anything that would leave files/mail/. */
export function storedFile(dataDir: string, rel: string): string {
  const base = path.join(root(dataDir), MAIL_DIR);
  const full = path.resolve(root(dataDir), rel);
  if (!full.startsWith(base + path.sep)) throw new Error(`not a stored mail file: ${rel}`);
  return full;
}

export function removeStored(dataDir: string, rels: string[]): void {
  for (const rel of rels) fs.rmSync(storedFile(dataDir, rel), { force: true });
}

/** Where uploads wait while a form is read: beside files/ (so they move in by a rename), outside backups. */
export function uploadDir(dataDir: string): string {
  return path.join(dataDir, 'tmp', 'uploads');
}
