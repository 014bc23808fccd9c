import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeZip } from '../../../test/support/zip.js';
import { safeRelativePath } from './paths.js';
import { unzip, ZipRefused } from './zip.js';

const limits = { maxEntries: 100, maxTotalBytes: 1_000_000 };
const dirs: string[] = [];

function folder(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'prosto-zip-'));
  dirs.push(d);
  return d;
}

afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function archive(entries: { name: string; data: string | Buffer }[]): string {
  const file = path.join(folder(), 'upload.zip');
  fs.writeFileSync(file, makeZip(entries));
  return file;
}

describe('exchange file names', () => {
  it.each([
    ['import.xml', 'import.xml'],
    ['import_files\\ac\\ac01.jpg', 'import_files/ac/ac01.jpg'],
    ['/tmp/offers0_1.xml', 'offers0_1.xml'],
    ['upload/1c/webdata/import___b815.xml', 'import___b815.xml'],
    ['Картинки/товар.png', 'Картинки/товар.png'],
  ])('keeps %s as %s', (given, kept) => expect(safeRelativePath(given)).toBe(kept));

  it.each(['../prosto.db', 'import_files/../../etc/passwd', '..\\..\\x.xml', '/etc/passwd', 'C:\\Windows\\x', 'a//b', 'a/./b', 'x\u0000.xml', '', undefined])(
    'refuses %j',
    (given) => expect(safeRelativePath(given)).toBeNull(),
  );
});

describe('unzip', () => {
  it('unpacks XML files and pictures in sub-folders', async () => {
    const dest = folder();
    const result = await unzip(
      archive([
        { name: 'import.xml', data: '<КоммерческаяИнформация/>' },
        { name: 'import_files/ac/pic.jpg', data: Buffer.from([0xff, 0xd8, 0xff]) },
      ]),
      dest,
      limits,
    );
    expect(result.files.sort()).toEqual(['import.xml', 'import_files/ac/pic.jpg']);
    expect(fs.readFileSync(path.join(dest, 'import.xml'), 'utf8')).toBe('<КоммерческаяИнформация/>');
    expect(fs.readFileSync(path.join(dest, 'import_files/ac/pic.jpg'))).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
  });

  it('refuses a traversal entry before writing anything', async () => {
    const dest = folder();
    const file = archive([
      { name: 'import.xml', data: 'ok' },
      { name: '../escaped.txt', data: 'bad' },
    ]);
    await expect(unzip(file, path.join(dest, 'in'), limits)).rejects.toThrow(/\.\.\/escaped\.txt/);
    expect(fs.existsSync(path.join(dest, 'escaped.txt'))).toBe(false);
    expect(fs.existsSync(path.join(dest, 'in', 'import.xml'))).toBe(false);
  });

  it('stops at the size and entry limits, and refuses what is not a zip', async () => {
    const big = archive([{ name: 'a.xml', data: Buffer.alloc(2_000_000, 0x20) }]);
    await expect(unzip(big, folder(), limits)).rejects.toThrow(ZipRefused);
    const many = archive(Array.from({ length: 101 }, (_, i) => ({ name: `f${i}.xml`, data: 'x' })));
    await expect(unzip(many, folder(), limits)).rejects.toThrow(/more than 100 files/);
    const junk = path.join(folder(), 'junk.zip');
    fs.writeFileSync(junk, 'this is not an archive');
    await expect(unzip(junk, folder(), limits)).rejects.toThrow(/not a zip archive/);
  });
});
