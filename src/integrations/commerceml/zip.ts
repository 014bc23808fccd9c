import fs from 'node:fs';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';
import { inside, safeRelativePath } from './paths.js';

/**
 * Unpacks an archive 1C uploaded with `zip=yes` into its exchange folder. Nothing in it is trusted:
 * every name goes through safeRelativePath (a `../` or absolute entry fails the whole archive
 * before anything is written), symbolic links and encrypted entries are refused, and the number of
 * entries and the unpacked bytes are capped, so a "zip bomb" stops at the limit.
 */
export interface ZipLimits {
  maxEntries: number;
  maxTotalBytes: number;
}

export class ZipRefused extends Error {}

export interface Unpacked {
  files: string[];
  bytes: number;
}

function isSymlink(entry: yauzl.Entry): boolean {
  const mode = (entry.externalFileAttributes >>> 16) & 0o170000;
  return mode === 0o120000;
}

/** Checks every entry first, then extracts; returns the relative names written. */
export async function unzip(archive: string, dest: string, limits: ZipLimits): Promise<Unpacked> {
  const entries = await listEntries(archive, limits);
  const zip = await yauzl.openPromise(archive, { lazyEntries: true, validateEntrySizes: true, strictFileNames: false });
  const files: string[] = [];
  let bytes = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on('error', reject);
      zip.on('end', resolve);
      zip.on('entry', (entry: yauzl.Entry) => {
        const name = entries.get(entry.fileName);
        if (name === undefined) return zip.readEntry();
        const target = inside(dest, name);
        fs.mkdirSync(path.dirname(target), { recursive: true });
        zip.openReadStream(entry, (err, stream) => {
          if (err) return reject(err);
          const counter = new Transform({
            transform(chunk: Buffer, _enc, done) {
              bytes += chunk.length;
              if (bytes > limits.maxTotalBytes) done(new ZipRefused(`the archive unpacks to more than ${limits.maxTotalBytes} bytes`));
              else done(null, chunk);
            },
          });
          pipeline(stream, counter, fs.createWriteStream(target))
            .then(() => {
              files.push(name);
              zip.readEntry();
            })
            .catch(reject);
        });
      });
      zip.readEntry();
    });
  } finally {
    zip.close();
  }
  return { files, bytes };
}

/** Entry name → safe relative name (directories left out); throws on the first entry that is refused. */
async function listEntries(archive: string, limits: ZipLimits): Promise<Map<string, string>> {
  // strictFileNames off here so a "..\" or absolute name reaches our check and its clear message.
  const zip = await yauzl.openPromise(archive, { lazyEntries: true, decodeStrings: true, strictFileNames: false }).catch((err: Error) => {
    throw new ZipRefused(`not a zip archive (${err.message})`);
  });
  const out = new Map<string, string>();
  let declared = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on('error', (err: Error) => reject(new ZipRefused(err.message)));
      zip.on('end', resolve);
      zip.on('entry', (entry: yauzl.Entry) => {
        if (out.size >= limits.maxEntries) return reject(new ZipRefused(`the archive has more than ${limits.maxEntries} files`));
        const raw = entry.fileName;
        const isDir = raw.endsWith('/') || raw.endsWith('\\');
        const name = safeRelativePath(isDir ? raw.replace(/[\\/]+$/, '') : raw);
        if (name === null) return reject(new ZipRefused(`unsafe name in the archive: ${raw}`));
        if (isSymlink(entry)) return reject(new ZipRefused(`symbolic link in the archive: ${raw}`));
        if (entry.generalPurposeBitFlag & 0x1) return reject(new ZipRefused(`encrypted file in the archive: ${raw}`));
        declared += entry.uncompressedSize;
        if (declared > limits.maxTotalBytes) return reject(new ZipRefused(`the archive unpacks to more than ${limits.maxTotalBytes} bytes`));
        if (!isDir) out.set(raw, name);
        zip.readEntry();
      });
      zip.readEntry();
    });
  } finally {
    zip.close();
  }
  return out;
}
