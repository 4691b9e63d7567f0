#!/usr/bin/env node
/**
 * Builds the agent and admin console (apps/console) into dist/console with
 * esbuild: one hashed JS and CSS bundle and an index.html pointing at them.
 * `--watch` rebuilds on change (serve it with a running API at /console).
 *
 * Not Vite: Vite bundles with rollup, whose per-platform binaries the package
 * registry here does not all serve, and `npm ci` then refuses the lockfile.
 */
const { mkdirSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { basename, join, resolve } = require('node:path');
const esbuild = require('esbuild');

const root = resolve(__dirname, '..');
const source = join(root, 'apps', 'console');
const outdir = join(root, 'dist', 'console');
const watch = process.argv.includes('--watch');

function writeIndex(metafile) {
  const outputs = Object.keys(metafile.outputs).map((file) => basename(file));
  const js = outputs.find((f) => f.endsWith('.js'));
  const css = outputs.find((f) => f.endsWith('.css'));
  const html = readFileSync(join(source, 'index.html'), 'utf8')
    .replace(/<script type="module" src="[^"]*"><\/script>/, `<script type="module" src="/console/assets/${js}"></script>`)
    .replace('</head>', css ? `  <link rel="stylesheet" href="/console/assets/${css}" />\n  </head>` : '</head>');
  writeFileSync(join(outdir, 'index.html'), html);
}

const options = {
  entryPoints: [join(source, 'src', 'main.tsx')],
  outdir: join(outdir, 'assets'),
  entryNames: watch ? '[name]' : '[name]-[hash]',
  bundle: true,
  minify: !watch,
  format: 'esm',
  target: 'es2020',
  jsx: 'automatic',
  metafile: true,
  logLevel: 'warning',
  define: { 'process.env.NODE_ENV': JSON.stringify(watch ? 'development' : 'production') },
  plugins: [{ name: 'index-html', setup: (build) => build.onEnd((result) => result.metafile && writeIndex(result.metafile)) }],
};

(async () => {
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  if (watch) {
    await (await esbuild.context(options)).watch();
    console.log('Watching apps/console: rebuilt into dist/console on change (served by the API at /console).');
  } else {
    await esbuild.build(options);
  }
})().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
