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
