// Stands in for node-gyp-build inside the single executable (build/build.mjs resolves every
// `require('node-gyp-build')` in the bundle here). argon2 calls it when its module loads, to find its
// addon next to its own files; in the executable the addon is a SEA asset (src/native.ts).
const { loadAddon } = require('../../src/native.ts');

module.exports = function nodeGypBuild() {
  const addon = loadAddon('argon2');
  if (!addon) throw new Error('this bundle runs only as the single executable (build/out/prosto); run the sources with tsx');
  return addon;
};
