import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DemoSeed } from './demo-data';

const FILE = 'demo-logins.json';

/**
 * The embedded demo's logins, kept beside its database so `npm run -s cli -- demo-logins` can show them
 * again: readable by the service's user only (0600), and never written for a DATABASE_URL database.
 */
export function saveDemoLogins(dataDir: string, seed: Pick<DemoSeed, 'password' | 'logins'>): void {
  const file = join(dataDir, FILE);
  writeFileSync(file, `${JSON.stringify({ password: seed.password, logins: seed.logins }, null, 2)}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
}

export function readDemoLogins(dataDir: string): Pick<DemoSeed, 'password' | 'logins'> | null {
  const file = join(dataDir, FILE);
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null;
}
