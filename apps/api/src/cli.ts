import 'reflect-metadata';
import { JwtService } from '@nestjs/jwt';
import { DataSource } from 'typeorm';
import { AccountsService, TokenService } from '@mm/auth';
import { AppConfig, ConfigError, dataSourceOptions, loadConfig, runMigrations, startEmbeddedPostgres, Transactions } from '@mm/core';

/**
 * Operator commands, with the same configuration as the service:
 *
 *   npm run -s cli -- create-admin --email admin@example.com --password '...' [--name 'Ada Admin']
 *   npm run -s cli -- service-token --name munch
 *   npm run -s cli -- demo-logins
 *
 * create-admin writes to DATABASE_URL, or without it to the embedded
 * database in DATA_DIR, which only one process may open: stop the service first.
 */
const USAGE = `Usage:
  npm run -s cli -- create-admin --email <email> --password <at least 8 characters> [--name <name>]
  npm run -s cli -- service-token --name <service, e.g. munch>
  npm run -s cli -- demo-logins   (the embedded demo's logins, printed at its first start)`;

class UsageError extends Error {}

function options(args: string[]): Record<string, string> {
  const parsed: Record<string, string> = {};
  for (let i = 0; i < args.length; i += 2) {
    const [flag, value] = [args[i], args[i + 1]];
    if (!flag.startsWith('--') || value === undefined || value.startsWith('--')) throw new UsageError(`Expected --option value, got "${flag}"`);
    parsed[flag.slice(2)] = value;
  }
  return parsed;
}

function required(opts: Record<string, string>, name: string, valid: (v: string) => boolean, problem: string): string {
  const value = opts[name]?.trim();
  if (!value) throw new UsageError(`--${name} is required`);
  if (!valid(value)) throw new UsageError(`--${name} ${problem}`);
  return value;
}

async function withDatabase<T>(config: AppConfig, work: (dataSource: DataSource) => Promise<T>): Promise<T> {
  // Loaded here: the entities pull in every library, which service-token does not need.
  const [{ ENTITIES }, { MIGRATIONS }] = await Promise.all([import('./platform/database/entities'), import('./platform/database/migrations')]);
  const embedded = config.databaseUrl ? undefined : await startEmbeddedPostgres(config.dataDir);
  try {
    const url = config.databaseUrl ?? embedded!.url;
    // Two connections: the migration lock holds one (the embedded database has one and needs no lock).
    const options = dataSourceOptions({ url, entities: ENTITIES, migrations: MIGRATIONS, poolSize: embedded ? 1 : 2, applicationName: 'mm-support-cli' });
    const dataSource = await new DataSource(options).initialize();
    try {
      await runMigrations(dataSource, { lock: !embedded });
      return await work(dataSource);
    } finally {
      await dataSource.destroy();
    }
  } finally {
    await embedded?.stop();
  }
}

async function createAdmin(config: AppConfig, opts: Record<string, string>): Promise<number> {
  const email = required(opts, 'email', (v) => /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(v), 'must be an email address');
  const password = required(opts, 'password', (v) => v.length >= 8 && v.length <= 128, 'must be 8 to 128 characters');
  const name = opts.name?.trim() || 'Administrator';
  return withDatabase(config, async (dataSource) => {
    const accounts = new AccountsService(new Transactions(dataSource), dataSource);
    const { user, created } = await accounts.ensureAdmin({ email, password, name });
    if (created) {
      process.stdout.write(`Admin ${user.email} created (id ${user.id}).\n`);
      return 0;
    }
    if (user.role === 'admin') {
      process.stdout.write(`An admin with the email ${user.email} already exists (id ${user.id}): left unchanged.\n`);
      return 0;
    }
    process.stderr.write(`The email ${user.email} belongs to a ${user.role} account (id ${user.id}): no admin created.\n`);
    return 1;
  });
}

function serviceToken(config: AppConfig, opts: Record<string, string>): number {
  const name = required(opts, 'name', (v) => /^[a-z0-9][a-z0-9_-]{0,63}$/.test(v), 'must be lower-case letters, digits, - or _ (e.g. munch)');
  if (config.jwt.secretIsDefault) process.stderr.write('Warning: JWT_SECRET is not set; this token is signed with the development secret.\n');
  process.stdout.write(`${new TokenService(new JwtService({}), config).signService(name)}\n`);
  return 0;
}

/** Reads what the first start saved in DATA_DIR; the database is not opened, so the service may be running. */
async function demoLogins(config: AppConfig): Promise<number> {
  if (config.databaseUrl) {
    process.stderr.write('Demo logins are kept only for the embedded database (no DATABASE_URL); with DATABASE_URL, create an admin with create-admin.\n');
    return 1;
  }
  const [{ readDemoLogins }, { demoBanner }] = await Promise.all([import('./platform/demo/demo-logins-file'), import('./platform/demo/demo-data')]);
  const saved = readDemoLogins(config.dataDir);
  if (!saved) {
    process.stderr.write(`No demo logins in ${config.dataDir}: the demo data is created, and its logins saved, at the first start on an empty embedded database.\n`);
    return 1;
  }
  process.stdout.write(demoBanner(saved, `http://localhost:${config.port}`));
  return 0;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    const config = loadConfig();
    switch (command) {
      case 'create-admin':
        return await createAdmin(config, options(rest));
      case 'service-token':
        return serviceToken(config, options(rest));
      case 'demo-logins':
        return await demoLogins(config);
      default:
        throw new UsageError(command ? `Unknown command "${command}"` : 'No command given');
    }
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n${USAGE}\n`);
      return 2;
    }
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    process.stderr.write(`Failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

void main(process.argv.slice(2)).then((code) => process.exit(code));
