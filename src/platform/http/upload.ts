import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import busboy from 'busboy';
import type { Request } from 'express';
import { AppError } from '../errors.js';

/**
 * Receives one uploaded file from a multipart form into `dir`, never trusting it: the size is capped
 * while it streams (the partial file is deleted when it is exceeded), and the client's file name is
 * not used for the path. Text fields come back too, so the CSRF token can be checked.
 */
export interface Upload {
  file: string | null;
  fields: Record<string, string>;
}

export function receiveUpload(req: Request, options: { field: string; dir: string; maxBytes: number }): Promise<Upload> {
  return new Promise((resolve, reject) => {
    let bb: busboy.Busboy;
    try {
      bb = busboy({ headers: req.headers, limits: { files: 1, fileSize: options.maxBytes, fields: 20, fieldSize: 10_000 } });
    } catch {
      reject(new AppError(400, 'error.badRequest'));
      return;
    }
    const fields: Record<string, string> = {};
    let file: string | null = null;
    let tooLarge = false;
    let writing: Promise<void> = Promise.resolve();
    bb.on('field', (name, value) => {
      fields[name] = value;
    });
    bb.on('file', (name, stream) => {
      if (name !== options.field) {
        stream.resume();
        return;
      }
      fs.mkdirSync(options.dir, { recursive: true });
      const target = path.join(options.dir, `.upload-${crypto.randomBytes(8).toString('hex')}`);
      file = target;
      const out = fs.createWriteStream(target, { mode: 0o600 });
      stream.on('limit', () => {
        tooLarge = true;
      });
      stream.pipe(out);
      writing = new Promise((res, rej) => {
        out.on('close', () => res());
        out.on('error', rej);
      });
    });
    bb.on('error', () => reject(new AppError(400, 'error.badRequest')));
    bb.on('close', () => {
      void writing.then(() => {
        if (tooLarge && file) {
          fs.rmSync(file, { force: true });
          reject(new AppError(413, 'error.tooLarge.text'));
          return;
        }
        resolve({ file, fields });
      }, reject);
    });
    req.pipe(bb);
  });
}

export interface UploadedFile {
  /** Where it was written (a temporary name in `dir`). */
  file: string;
  /** The browser's file name, cleaned: only for showing and for naming an attachment, never for a path. */
  name: string;
  type: string;
  size: number;
}

export interface Uploads {
  files: UploadedFile[];
  /** Text fields; a name sent several times comes back as an array. */
  fields: Record<string, string | string[]>;
}

/** A browser's file name reduced to something safe to show and to send as an attachment's name. */
export function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = base.replace(/[\u0000-\u001f\u007f"<>|:*?]/g, '').trim().slice(0, 200);
  return clean || 'file';
}

/**
 * Receives several files of one field, their total capped at `maxBytes` while they stream (everything
 * written is deleted when the cap is passed: 413). Empty file inputs are skipped. The caller owns the
 * files it gets and moves or deletes them.
 */
export function receiveUploads(req: Request, options: { field: string; dir: string; maxBytes: number; maxFiles: number }): Promise<Uploads> {
  return new Promise((resolve, reject) => {
    let bb: busboy.Busboy;
    try {
      bb = busboy({ headers: req.headers, defParamCharset: 'utf8', limits: { files: options.maxFiles, fileSize: options.maxBytes, fields: 200, fieldSize: 1_000_000 } });
    } catch {
      reject(new AppError(400, 'error.badRequest'));
      return;
    }
    const fields: Record<string, string | string[]> = {};
    const files: UploadedFile[] = [];
    const writes: Promise<void>[] = [];
    let total = 0;
    let tooLarge = false;
    const discard = () => files.forEach((f) => fs.rmSync(f.file, { force: true }));
    bb.on('field', (name, value) => {
      const had = fields[name];
      fields[name] = had === undefined ? value : Array.isArray(had) ? [...had, value] : [had, value];
    });
    bb.on('file', (name, stream, info) => {
      if (name !== options.field || !info.filename) {
        stream.resume();
        return;
      }
      fs.mkdirSync(options.dir, { recursive: true });
      const entry: UploadedFile = { file: path.join(options.dir, `.upload-${crypto.randomBytes(8).toString('hex')}`), name: cleanFileName(info.filename), type: info.mimeType || 'application/octet-stream', size: 0 };
      files.push(entry);
      const out = fs.createWriteStream(entry.file, { mode: 0o600 });
      stream.on('data', (chunk: Buffer) => {
        entry.size += chunk.length;
        total += chunk.length;
        if (total > options.maxBytes) tooLarge = true;
      });
      stream.on('limit', () => {
        tooLarge = true;
      });
      stream.pipe(out);
      writes.push(
        new Promise((res, rej) => {
          out.on('close', () => res());
          out.on('error', rej);
        }),
      );
    });
    bb.on('filesLimit', () => {
      tooLarge = true;
    });
    bb.on('error', () => {
      discard();
      reject(new AppError(400, 'error.badRequest'));
    });
    bb.on('close', () => {
      void Promise.all(writes).then(() => {
        if (tooLarge) {
          discard();
          reject(new AppError(413, 'error.tooLarge.text'));
          return;
        }
        for (const empty of files.filter((f) => f.size === 0)) fs.rmSync(empty.file, { force: true });
        resolve({ files: files.filter((f) => f.size > 0), fields });
      }, (err: unknown) => {
        discard();
        reject(err as Error);
      });
    });
    req.pipe(bb);
  });
}
