// better-sqlite3 must match Electron's ABI in the app and Node's in the tests. This builds the
// Electron one into native/electron/ (once per Electron version), leaving node_modules as it is.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const electronVersion = require('electron/package.json').version;
const outDir = path.resolve('native/electron');
const stamp = path.join(outDir, 'electron-version');
const target = path.join(outDir, 'better_sqlite3.node');
if (fs.existsSync(target) && fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === electronVersion) process.exit(0);

const work = path.resolve('native/build/better-sqlite3');
fs.rmSync(work, { recursive: true, force: true });
fs.cpSync(path.dirname(require.resolve('better-sqlite3/package.json')), work, { recursive: true, filter: (src) => !src.includes(`${path.sep}build${path.sep}`) });
const env = { ...process.env, npm_config_runtime: 'electron', npm_config_target: electronVersion, npm_config_disturl: 'https://electronjs.org/headers' };
console.log(`Building better-sqlite3 for Electron ${electronVersion}…`);
try {
  execFileSync(process.execPath, [require.resolve('prebuild-install/bin.js'), '--runtime', 'electron', '--target', electronVersion], { cwd: work, stdio: 'inherit', env });
} catch {
  const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
  execFileSync(npx, ['--yes', 'node-gyp', 'rebuild', '--release', `--target=${electronVersion}`, '--runtime=electron', '--dist-url=https://electronjs.org/headers'], { cwd: work, stdio: 'inherit', env, shell: process.platform === 'win32' });
}
fs.mkdirSync(outDir, { recursive: true });
fs.copyFileSync(path.join(work, 'build/Release/better_sqlite3.node'), target);
fs.writeFileSync(stamp, electronVersion);
console.log(`Electron better-sqlite3 ready: ${target}`);
