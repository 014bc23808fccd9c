// Stands in for node-gyp-build inside the single executable: argon2 calls it at load time to find its
// addon; here the addon comes from the executable's assets (src/native.ts).
const { loadAddon } = require('../../src/native.ts');

module.exports = function nodeGypBuild() {
  return loadAddon('argon2');
};
