import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ArchiveError, extractTarGz, writeTarGz } from './tar.js';
import { tempDir } from '../../test/support/context.js';

describe('tar.gz archives', () => {
  it('round-trips files of any size, readable by the system tar too', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'a.bin'), Buffer.alloc(700_001, 7));
    fs.writeFileSync(path.join(dir, 'empty'), '');
    fs.mkdirSync(path.join(dir, 'files'));
    fs.writeFileSync(path.join(dir, 'files', 'договор.txt'), 'привет');
    const archive = path.join(dir, 'x.tar.gz');
    await writeTarGz(
      [
        { name: 'prosto.db', file: path.join(dir, 'a.bin') },
        { name: 'manifest.json', file: path.join(dir, 'empty') },
        { name: 'files/договор.txt', file: path.join(dir, 'files', 'договор.txt') },
      ],
      archive,
    );
    expect(execFileSync('tar', ['-tzf', archive], { encoding: 'utf8' }).trim().split('\n')).toEqual(['prosto.db', 'manifest.json', 'files/договор.txt']);
    const out = tempDir();
    const names = await extractTarGz(archive, out, { allow: ['prosto.db', 'manifest.json', 'files/'], maxTotalBytes: 10_000_000 });
    expect(names).toEqual(['prosto.db', 'manifest.json', 'files/договор.txt']);
    expect(fs.readFileSync(path.join(out, 'prosto.db')).equals(Buffer.alloc(700_001, 7))).toBe(true);
    expect(fs.readFileSync(path.join(out, 'files', 'договор.txt'), 'utf8')).toBe('привет');
  });

  it('refuses names outside the allow-list, path tricks, oversize and garbage', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'f'), 'x'.repeat(2000));
    const sneaky = path.join(dir, 'sneaky.tar.gz');
    execFileSync('tar', ['-czf', sneaky, '-C', dir, '--transform', 's,^f$,../evil,', 'f']);
    await expect(extractTarGz(sneaky, tempDir(), { allow: ['files/'], maxTotalBytes: 1e9 })).rejects.toThrow(ArchiveError);
    const ok = path.join(dir, 'ok.tar.gz');
    await writeTarGz([{ name: 'prosto.db', file: path.join(dir, 'f') }], ok);
    await expect(extractTarGz(ok, tempDir(), { allow: ['prosto.db'], maxTotalBytes: 100 })).rejects.toThrow('larger than allowed');
    const garbage = path.join(dir, 'g.tar.gz');
    fs.writeFileSync(garbage, 'not an archive');
    await expect(extractTarGz(garbage, tempDir(), { allow: ['prosto.db'], maxTotalBytes: 1e9 })).rejects.toThrow('not a Prosto backup archive');
    const cut = path.join(dir, 'cut.tar.gz');
    fs.writeFileSync(cut, zlib.gzipSync(zlib.gunzipSync(fs.readFileSync(ok)).subarray(0, 1024)));
    await expect(extractTarGz(cut, tempDir(), { allow: ['prosto.db'], maxTotalBytes: 1e9 })).rejects.toThrow('cut short');
  });
});
