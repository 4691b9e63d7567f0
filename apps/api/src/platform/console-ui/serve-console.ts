import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import fastifyStatic from '@fastify/static';
import { Logger } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';

/** Where the console's built files live: `dist/console` under the project root. */
export const CONSOLE_BUILD_DIR = join('dist', 'console');

/**
 * The project root (the folder with package.json) above `from`: this file runs
 * from `apps/api/src` under ts-node/jest and from `dist/apps/api` when built.
 */
function projectRoot(from: string): string | null {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return null;
  }
}

export function consoleDir(from = __dirname): string | null {
  const root = projectRoot(from);
  const dir = root && join(root, CONSOLE_BUILD_DIR);
  return dir && existsSync(join(dir, 'index.html')) ? dir : null;
}

/**
 * Serves the agent and admin console (apps/console, built by `npm run build`)
 * at /console/. It is a client of the public API like any other: these are
 * plain files, outside the API's routes and guards. Swagger UI registers
 * @fastify/static too, hence `decorateReply: false`. Built assets carry a
 * content hash and are cached for good; index.html is always revalidated.
 */
export async function serveConsole(app: NestFastifyApplication): Promise<void> {
  const root = consoleDir();
  if (!root) {
    new Logger('Console').warn(`The console is not built (no ${CONSOLE_BUILD_DIR}/index.html): run "npm run build" to serve it at /console`);
    return;
  }
  await app.register(fastifyStatic, {
    root,
    prefix: '/console/',
    decorateReply: false,
    index: false,
    cacheControl: false,
    setHeaders: (res, path) => {
      res.setHeader('cache-control', path.endsWith('.html') ? 'no-cache' : 'public, max-age=31536000, immutable');
    },
  });
  // The router ignores trailing slashes, so `/console/` never reaches the `/console/*` route above: serve the page here.
  app
    .getHttpAdapter()
    .getInstance()
    .get('/console', async (_request, reply) => {
      const page = await readFile(join(root, 'index.html'));
      return reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(page);
    });
}
