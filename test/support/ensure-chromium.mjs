// Run by `npm test` before the tests: the browser tests (test/e2e) need Debian's Chromium. When it is
// missing, install it if we are root (CI, a fresh server), otherwise say exactly what to install.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

const candidates = [process.env.PROSTO_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean);
const find = () => candidates.find((p) => fs.existsSync(p));

function run(args) {
  try {
    execFileSync('apt-get', args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    return true;
  } catch {
    return false;
  }
}

let found = find();
if (!found) {
  if (process.getuid?.() === 0) {
    console.log('Chromium is missing: installing the Debian package "chromium" for the browser tests…');
    if (run(['update'])) run(['install', '-y', 'chromium']);
    found = find();
  } else {
    console.error('The browser tests need Chromium. Install it with:  sudo apt-get install chromium');
    process.exit(1);
  }
}
if (!found) {
  console.error('Chromium could not be installed. Install it with:  sudo apt-get install chromium  (then run npm test again)');
  process.exit(1);
}
console.log(`Browser tests use ${found}`);
