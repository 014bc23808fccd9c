import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as sea from 'node:sea';
import { isMainThread, workerData } from 'node:worker_threads';

/**
 * Native addons inside the single executable (DESIGN.md, "Packaging"). The build stores each compiled
 * addon as a SEA asset (`native/<name>.node`). Here it is written to a private temporary folder
 * (mkdtemp: mode 0700), loaded with process.dlopen, and the folder deleted at once — a loaded library
 * stays mapped after its file is gone — so nothing is left behind even when the process is killed.
 *
 * Who calls this: src/db/connection.ts passes loadAddon('better_sqlite3') to better-sqlite3 as its
 * `nativeBinding`; argon2's own loader (node-gyp-build) is replaced in the bundle by
 * build/shims/node-gyp-build.cjs, which calls loadAddon('argon2'). Both are lazy and synchronous, so
 * main.ts needs to call nothing, and the order of imports does not matter.
 *
 * Outside the executable (tsx, tests) loadAddon returns undefined and the packages load their own builds
 * from node_modules.
 *
 * A worker thread (the report worker) must load the very library the main thread loaded, never a second
 * copy: two copies of SQLite in one process do not see each other's POSIX locks, and closing a file in
 * one drops the other's locks. So the main thread keeps a descriptor of each unpacked file open, and a
 * worker opens the file through it (/proc/self/fd/N, given in its workerData by addonPaths): the dynamic
 * linker sees the same file and hands back the library already loaded.
 */
export type AddonName = 'better_sqlite3' | 'argon2';

const loaded = new Map<AddonName, unknown>();
const descriptors = new Map<AddonName, number>();

/** True inside the single executable (a Node SEA). */
export function inExecutable(): boolean {
  try {
    return sea.isSea();
  } catch {
    return false;
  }
}

/**
 * Where an addon may be unpacked, in order. A library can only be loaded from a filesystem mounted
 * without `noexec`, and hardened servers often mount /tmp (and /dev/shm) noexec, so when the system
 * temp folder (which follows $TMPDIR) refuses, the next place is tried; the last is the working folder
 * (/var/lib/prosto under the systemd unit, writable by the service).
 */
function candidateFolders(): string[] {
  return [...new Set([os.tmpdir(), '/dev/shm', process.cwd()])];
}

export function loadAddon(name: AddonName): unknown {
  if (!isMainThread) return sharedAddon(name);
  if (!inExecutable()) return undefined;
  const cached = loaded.get(name);
  if (cached) return cached;
  const bytes = Buffer.from(sea.getAsset(`native/${name}.node`));
  const failures: string[] = [];
  for (const folder of candidateFolders()) {
    let dir: string | undefined;
    try {
      dir = fs.mkdtempSync(path.join(folder, 'prosto-native-'));
      const file = path.join(dir, `${name}.node`);
      fs.writeFileSync(file, bytes, { mode: 0o700 });
      const module = { exports: {} as unknown };
      process.dlopen(module, file);
      loaded.set(name, module.exports);
      descriptors.set(name, fs.openSync(file, 'r'));
      return module.exports;
    } catch (err) {
      failures.push(`  ${folder}: ${(err as Error).message}`);
    } finally {
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  throw new Error(
    `cannot load the native module ${name}: no folder allowed it to be unpacked and loaded.\n${failures.join('\n')}\n` +
      'A folder mounted with noexec cannot hold loadable libraries; point TMPDIR at a writable folder on a filesystem without noexec.',
  );
}

/** For a worker's workerData: where it finds each addon this thread has loaded (empty outside the executable). */
export function addonPaths(): Partial<Record<AddonName, string>> {
  return Object.fromEntries([...descriptors].map(([name, fd]) => [name, `/proc/self/fd/${fd}`]));
}

/** In a worker thread: the main thread's library through its descriptor, or (outside the executable) none. */
function sharedAddon(name: AddonName): unknown {
  const file = (workerData as { addons?: Partial<Record<AddonName, string>> } | null)?.addons?.[name];
  if (!file) return undefined;
  const cached = loaded.get(name);
  if (cached) return cached;
  const module = { exports: {} as unknown };
  process.dlopen(module, file);
  loaded.set(name, module.exports);
  return module.exports;
}
