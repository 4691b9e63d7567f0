/**
 * `npm run openapi`: writes the service's OpenAPI document to docs/openapi.json, the file the
 * linters read and the e2e suites validate responses against. The document depends only on the
 * code, so the app is started on a throwaway embedded database, asked for it, and stopped.
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@mm/core';
import { createApp } from '../apps/api/src/create-app';
import { buildOpenApiDocument, OPENAPI_FILE, serializeOpenApi } from '../apps/api/src/platform/openapi/swagger';

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'mm-openapi-'));
  const config = loadConfig({ DATA_DIR: dataDir, SEED_DEMO: 'false', LOG_LEVEL: 'silent', OUTBOX_DISPATCH: 'false' });
  const running = await createApp(config);
  try {
    writeFileSync(OPENAPI_FILE, serializeOpenApi(buildOpenApiDocument(running.app)));
    process.stdout.write(`wrote ${OPENAPI_FILE}\n`);
  } finally {
    await running.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

void main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
