import fs from 'node:fs';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';

/**
 * A minimal .tar.gz (ustar) writer and reader for backup archives: regular files only, streamed so a
 * large database never sits in memory. The reader trusts nothing: names must be plain relative paths
 * from an allow-list, sizes are capped, and anything else is refused.
 */
const BLOCK = 512;

export interface TarEntry {
  /** Name inside the archive, e.g. "prosto.db" or "files/12/contract.pdf". */
  name: string;
  /** File on disk to store under that name. */
  file: string;
}

function header(name: string, size: number, mtime: number): Buffer {
  const h = Buffer.alloc(BLOCK, 0);
  const nameBytes = Buffer.from(name, 'utf8');
  if (nameBytes.length > 100) throw new Error(`archive name too long: ${name}`);
  nameBytes.copy(h, 0);
  h.write('0000644\0', 100, 'ascii');
  h.write('0000000\0', 108, 'ascii');
  h.write('0000000\0', 116, 'ascii');
  h.write(`${size.toString(8).padStart(11, '0')}\0`, 124, 'ascii');
  h.write(`${Math.floor(mtime / 1000).toString(8).padStart(11, '0')}\0`, 136, 'ascii');
  h.write('        ', 148, 'ascii');
  h.write('0', 156, 'ascii');
  h.write('ustar\0', 257, 'ascii');
  h.write('00', 263, 'ascii');
  let sum = 0;
  for (const byte of h) sum += byte;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  return h;
}

async function* tarStream(entries: TarEntry[]): AsyncGenerator<Buffer> {
  for (const entry of entries) {
    const stat = fs.statSync(entry.file);
    yield header(entry.name, stat.size, stat.mtimeMs);
    let written = 0;
    for await (const chunk of fs.createReadStream(entry.file)) {
      written += (chunk as Buffer).length;
      yield chunk as Buffer;
    }
    if (written !== stat.size) throw new Error(`${entry.file} changed while it was archived`);
    const pad = (BLOCK - (stat.size % BLOCK)) % BLOCK;
    if (pad) yield Buffer.alloc(pad, 0);
  }
  yield Buffer.alloc(BLOCK * 2, 0);
}

export async function writeTarGz(entries: TarEntry[], dest: string): Promise<void> {
  await pipeline(Readable.from(tarStream(entries)), zlib.createGzip({ level: 6 }), fs.createWriteStream(dest, { mode: 0o600 }));
}

export class ArchiveError extends Error {}

export interface ExtractLimits {
  /** Names allowed in the archive: exact names, or prefixes ending with "/". */
  allow: string[];
  maxTotalBytes: number;
}

function allowed(name: string, allow: string[]): boolean {
  if (!name || name.startsWith('/') || name.split('/').some((p) => p === '..' || p === '' || p === '.')) return false;
  return allow.some((a) => (a.endsWith('/') ? name.startsWith(a) : name === a));
}

/** Extracts a .tar.gz made by writeTarGz into `destDir`; returns the names extracted. */
export async function extractTarGz(src: string, destDir: string, limits: ExtractLimits): Promise<string[]> {
  const names: string[] = [];
  let buffered = Buffer.alloc(0);
  let remaining = 0;
  let padding = 0;
  let out: fs.WriteStream | null = null;
  let total = 0;
  let ended = false;

  const closeOut = () =>
    new Promise<void>((resolve, reject) => {
      if (!out) return resolve();
      const o = out;
      out = null;
      o.end((err?: Error | null) => (err ? reject(err) : resolve()));
    });

  const parse = new Transform({
    transform(chunk: Buffer, _enc, done) {
      (async () => {
        buffered = Buffer.concat([buffered, chunk]);
        for (;;) {
          if (ended) return;
          if (remaining > 0) {
            if (buffered.length === 0) return;
            const take = Math.min(remaining, buffered.length);
            if (!out!.write(buffered.subarray(0, take))) await new Promise<void>((r) => out!.once('drain', () => r()));
            buffered = buffered.subarray(take);
            remaining -= take;
            if (remaining === 0) await closeOut();
            continue;
          }
          if (padding > 0) {
            if (buffered.length < padding) return;
            buffered = buffered.subarray(padding);
            padding = 0;
            continue;
          }
          if (buffered.length < BLOCK) return;
          const h = buffered.subarray(0, BLOCK);
          buffered = buffered.subarray(BLOCK);
          if (h.every((b) => b === 0)) {
            ended = true;
            return;
          }
          const name = h.subarray(0, 100).toString('utf8').replace(/\0.*$/s, '');
          const type = String.fromCharCode(h[156]!);
          const size = parseInt(h.subarray(124, 136).toString('ascii').replace(/\0.*$/s, '').trim() || '0', 8);
          if ((type !== '0' && type !== '\0') || !allowed(name, limits.allow) || !Number.isFinite(size) || size < 0) {
            throw new ArchiveError(`unexpected entry in archive: ${JSON.stringify(name)}`);
          }
          total += size;
          if (total > limits.maxTotalBytes) throw new ArchiveError('archive is larger than allowed');
          const target = path.join(destDir, name);
          fs.mkdirSync(path.dirname(target), { recursive: true });
          out = fs.createWriteStream(target, { mode: 0o600 });
          names.push(name);
          remaining = size;
          padding = (BLOCK - (size % BLOCK)) % BLOCK;
          if (size === 0) await closeOut();
        }
      })().then(() => done(), (err: unknown) => done(err as Error));
    },
  });
  try {
    await pipeline(fs.createReadStream(src), zlib.createGunzip(), parse);
  } catch (err) {
    await closeOut().catch(() => undefined);
    if (err instanceof ArchiveError) throw err;
    throw new ArchiveError(`not a Prosto backup archive (${(err as Error).message})`);
  }
  if (!ended || remaining > 0) throw new ArchiveError('the archive is cut short');
  return names;
}
