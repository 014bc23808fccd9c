import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as sea from 'node:sea';

/**
 * Native addons inside the single executable. The build stores each compiled addon as a SEA asset
 * (`native/<name>.node`); here it is written to a private temporary folder, loaded with
 * process.dlopen, and the file deleted at once (a loaded library stays mapped), so nothing is left
 * behind even when the process is killed. Outside the executable this returns undefined and the
 * packages load their own builds from node_modules.
 */
export type AddonName = 'better_sqlite3' | 'argon2';

const loaded = new Map<AddonName, unknown>();

function inExecutable(): boolean {
  try {
    return sea.isSea();
  } catch {
    return false;
  }
}

export function loadAddon(name: AddonName): unknown {
  if (!inExecutable()) return undefined;
  const cached = loaded.get(name);
  if (cached) return cached;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prosto-native-'));
  const file = path.join(dir, `${name}.node`);
  try {
    fs.writeFileSync(file, Buffer.from(sea.getAsset(`native/${name}.node`)), { mode: 0o700 });
    const module = { exports: {} as unknown };
    process.dlopen(module, file);
    loaded.set(name, module.exports);
    return module.exports;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
