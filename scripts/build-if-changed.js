#!/usr/bin/env node
/**
 * `npm start`'s build step: runs `npm run build` only when a source changed since the last build
 * (a file or folder under apps/ or libs/, or a build setting, newer than dist/.build-stamp, or the
 * built files missing). Folder times change when a file is added or removed, so those count too.
 */
const { existsSync, readdirSync, statSync, writeFileSync, utimesSync } = require('node:fs');
const { join } = require('node:path');
const { spawnSync } = require('node:child_process');

const root = join(__dirname, '..');
const stamp = join(root, 'dist', '.build-stamp');
const inputs = ['apps', 'libs', 'tsconfig.json', 'tsconfig.build.json', 'nest-cli.json', 'package-lock.json', 'scripts/build-console.js'];
const outputs = ['dist/apps/api/main.js', 'dist/console/index.html'];

function newestChange(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((newest, name) => (name === 'node_modules' ? newest : Math.max(newest, newestChange(join(path, name)))), stat.mtimeMs);
}

const built = existsSync(stamp) && outputs.every((file) => existsSync(join(root, file))) ? statSync(stamp).mtimeMs : -1;
const changed = Math.max(...inputs.map((input) => newestChange(join(root, input))));
if (built >= changed) {
  process.stdout.write('Build is up to date (dist/); nothing changed since the last build.\n');
  process.exit(0);
}
const started = new Date();
const result = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
if (result.status !== 0) process.exit(result.status ?? 1);
// The time the build started: a source saved during the build makes the next start build again.
writeFileSync(stamp, '');
utimesSync(stamp, started, started);
