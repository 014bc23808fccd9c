import crypto from 'node:crypto';
import path from 'node:path';
import type { Request, Response } from 'express';
import { assets } from '../../assets.js';

/**
 * Static files under content-hashed URLs (/static/<hash>/app.css), served from memory with a
 * year-long immutable cache: a changed file gets a new URL, so browsers never keep a stale copy.
 */
interface StaticFile {
  body: Buffer;
  hash: string;
  type: string;
}

const files = new Map<string, StaticFile>();

function load(): void {
  if (files.size > 0) return;
  for (const rel of assets().list('static')) {
    const body = assets().read(rel)!;
    const name = rel.slice('static/'.length);
    files.set(name, { body, hash: crypto.createHash('sha256').update(body).digest('hex').slice(0, 10), type: path.extname(name) });
  }
}

export function assetUrl(name: string): string {
  load();
  const file = files.get(name);
  if (!file) throw new Error(`unknown static file ${name}`);
  return `/static/${file.hash}/${name}`;
}

export function serveStatic(req: Request, res: Response): void {
  load();
  const match = /^\/static\/([0-9a-f]{10})\/(.+)$/.exec(req.path);
  const file = match ? files.get(match[2]!) : undefined;
  if (!file) {
    res.status(404).type('text').send('Not found');
    return;
  }
  res.type(file.type);
  res.set('Cache-Control', file.hash === match![1] ? 'public, max-age=31536000, immutable' : 'no-cache');
  res.send(file.body);
}
