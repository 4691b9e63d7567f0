/**
 * The service's configuration, read once from the environment and validated at boot.
 * A bad value stops the process with one line naming the variable (see ConfigError).
 */
export interface AppConfig {
  nodeEnv: string;
  port: number;
  host: string;
  databaseUrl?: string;
  databasePoolSize: number;
  /** Fail fast when PostgreSQL does not answer: acquiring a connection, and any statement (client- and server-side). */
  databaseConnectTimeoutMs: number;
  databaseQueryTimeoutMs: number;
  /** Repeated statements as named prepared statements (off behind a pooler that cannot keep them, e.g. PgBouncer < 1.21 in transaction mode). */
  databasePreparedStatements: boolean;
  dataDir: string;
  redisUrl?: string;
  /** Prefix of every Redis key and channel of this deployment (several deployments may share one Redis). */
  redisKeyPrefix: string;
  /** A Redis command without a reply for this long fails, and the connection is replaced. */
  redisCommandTimeoutMs: number;
  /** /health/ready answers within this, whatever its checks do. */
  healthTimeoutMs: number;
  jwt: {
    secret: string;
    secretIsDefault: boolean;
    publicKey?: string;
    issuer?: string;
    audience?: string;
    expiresInSeconds: number;
  };
  adminEmail?: string;
  adminPassword?: string;
  seedDemo: boolean;
  logLevel: string;
  corsOrigins: string[] | true;
  /** Fastify `trustProxy`: which proxies may set X-Forwarded-For (the client IP of per-IP rate limits). */
  trustProxy: boolean | number | string[];
  bodyLimitBytes: number;
  /** Origin (and optional path prefix) clients reach the service at, for absolute links in responses; unset → relative links. */
  publicBaseUrl?: string;
  rateLimit: {
    enabled: boolean;
    windowSeconds: number;
    perUser: number;
    perIp: number;
    loginPerWindow: number;
    createPerWindow: number;
  };
  gamification: { dailyInteractionCap: number };
  /** `dispatch: false` runs an instance that writes events but never delivers them (a dedicated worker elsewhere, or a crash test). */
  outbox: { pollMs: number; maxAttempts: number; dispatch: boolean };
  /** Bearer token of GET /metrics; unset: the route answers 404. */
  metricsToken?: string;
  /** OTLP/HTTP endpoint of the trace collector; unset: no tracing at all. */
  otelExporterEndpoint?: string;
  /** Webhook deliveries (SPEC 7.6): the retry delays after each failed attempt (the last repeats) and how long failures last before the endpoint is disabled. */
  webhooks: { allowPrivateTargets: boolean; timeoutMs: number; retryScheduleMs: number[]; disableAfterMs: number };
}

export class ConfigError extends Error {
  constructor(readonly variable: string, problem: string) {
    super(`Invalid configuration: ${variable} ${problem}`);
    this.name = 'ConfigError';
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
const DEV_JWT_SECRET = 'mm-support-development-secret-change-me';

type Env = Record<string, string | undefined>;

function text(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = text(env, name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(name, `must be a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${value}`);
  return value;
}

/** 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, then every 10 h. */
const WEBHOOK_RETRY_SCHEDULE_MS = [5, 300, 1800, 7200, 18_000, 36_000].map((s) => s * 1000);

function msList(env: Env, name: string, fallback: number[]): number[] {
  const raw = text(env, name);
  if (raw === undefined) return fallback;
  const values = raw.split(',').map((v) => v.trim());
  if (!values.every((v) => /^\d{1,10}$/.test(v) && Number(v) > 0)) throw new ConfigError(name, `must be comma-separated positive whole numbers of milliseconds, got "${raw}"`);
  return values.map(Number);
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = text(env, name);
  if (raw === undefined) return fallback;
  if (['true', '1', 'yes'].includes(raw.toLowerCase())) return true;
  if (['false', '0', 'no'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(name, `must be true or false, got "${raw}"`);
}

/** `false` (default: the peer address is the client), `true`, a hop count, or a comma list of proxy addresses/CIDRs. */
function trustProxy(env: Env): boolean | number | string[] {
  const raw = text(env, 'TRUST_PROXY');
  if (raw === undefined || raw.toLowerCase() === 'false') return false;
  if (raw.toLowerCase() === 'true') return true;
  if (/^\d+$/.test(raw)) return Number(raw);
  const proxies = raw.split(',').map((p) => p.trim()).filter(Boolean);
  if (proxies.some((p) => !/^[\da-fA-F.:/]+$/.test(p))) {
    throw new ConfigError('TRUST_PROXY', `must be true, false, a hop count or a comma list of addresses, got "${raw}"`);
  }
  return proxies;
}

function url(env: Env, name: string, protocols: string[]): string | undefined {
  const raw = text(env, name);
  if (raw === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(name, 'must be a URL');
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(name, `must start with ${protocols.map((p) => `${p}//`).join(' or ')}`);
  }
  return raw;
}

/** Support interactions rewarded per customer and UTC day unless GAMIFICATION_DAILY_CAP says otherwise. */
export const GAMIFICATION_DAILY_CAP_DEFAULT = 5;

/** Bytes of HS256 key a secret must have: the hash's own size (RFC 7518, 3.2). */
export const MIN_JWT_SECRET_BYTES = 32;

/**
 * The development default is published in this repository: only the embedded demo database (no
 * DATABASE_URL, not NODE_ENV=production) may run on it. Anywhere else a real secret is required.
 */
function jwtSecret(env: Env, where: { embedded: boolean; production: boolean }): string | undefined {
  const secret = text(env, 'JWT_SECRET');
  const outside = !where.embedded ? 'when DATABASE_URL is set' : 'when NODE_ENV=production';
  if (!secret && (!where.embedded || where.production)) {
    throw new ConfigError('JWT_SECRET', `is required ${outside} (at least ${MIN_JWT_SECRET_BYTES} random bytes, e.g. openssl rand -hex 32)`);
  }
  if (secret === DEV_JWT_SECRET && (!where.embedded || where.production)) {
    throw new ConfigError('JWT_SECRET', `is the published development default: set a secret of your own ${outside} (e.g. openssl rand -hex 32)`);
  }
  if (secret && Buffer.byteLength(secret) < MIN_JWT_SECRET_BYTES) {
    throw new ConfigError('JWT_SECRET', `must be at least ${MIN_JWT_SECRET_BYTES} bytes, got ${Buffer.byteLength(secret)} (e.g. openssl rand -hex 32)`);
  }
  return secret;
}

/** An http(s) origin with an optional path prefix, without a trailing slash, query or fragment. */
function baseUrl(env: Env, name: string): string | undefined {
  const raw = url(env, name, ['http:', 'https:']);
  if (raw === undefined) return undefined;
  const parsed = new URL(raw);
  if (parsed.search || parsed.hash || parsed.username || parsed.password) {
    throw new ConfigError(name, 'must be an origin with an optional path, without query, fragment or credentials');
  }
  return `${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}`;
}

export function loadConfig(env: Env = process.env): AppConfig {
  const nodeEnv = text(env, 'NODE_ENV') ?? 'development';
  const production = nodeEnv === 'production';

  const databaseUrl = url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']);
  const secret = jwtSecret(env, { embedded: !databaseUrl, production });

  const logLevel = (text(env, 'LOG_LEVEL') ?? 'info').toLowerCase();
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}`);

  const adminEmail = text(env, 'ADMIN_EMAIL');
  const adminPassword = text(env, 'ADMIN_PASSWORD');
  if (adminEmail && !adminPassword) throw new ConfigError('ADMIN_PASSWORD', 'is required when ADMIN_EMAIL is set');
  if (adminPassword && !adminEmail) throw new ConfigError('ADMIN_EMAIL', 'is required when ADMIN_PASSWORD is set');
  if (adminEmail && !/^[^@\s]+@[^@\s]+$/.test(adminEmail)) throw new ConfigError('ADMIN_EMAIL', 'must be an email address');
  if (adminPassword && adminPassword.length < 8) throw new ConfigError('ADMIN_PASSWORD', 'must be at least 8 characters');

  const cors = text(env, 'CORS_ORIGINS');
  const metricsToken = text(env, 'METRICS_TOKEN');
  if (metricsToken && (metricsToken.length < 16 || /\s/.test(metricsToken))) {
    throw new ConfigError('METRICS_TOKEN', 'must be at least 16 characters without spaces');
  }
  const publicKey = text(env, 'JWT_PUBLIC_KEY')?.replace(/\\n/g, '\n');
  if (publicKey && !publicKey.includes('BEGIN PUBLIC KEY')) {
    throw new ConfigError('JWT_PUBLIC_KEY', 'must be a PEM public key (-----BEGIN PUBLIC KEY-----)');
  }

  return {
    nodeEnv,
    port: int(env, 'PORT', 3000, 0, 65535),
    host: text(env, 'HOST') ?? '0.0.0.0',
    databaseUrl,
    databasePoolSize: int(env, 'DATABASE_POOL_SIZE', 10, 1, 200),
    databasePreparedStatements: bool(env, 'DATABASE_PREPARED_STATEMENTS', true),
    databaseConnectTimeoutMs: int(env, 'DATABASE_CONNECT_TIMEOUT_MS', 5000, 100, 600_000),
    databaseQueryTimeoutMs: int(env, 'DATABASE_QUERY_TIMEOUT_MS', 15_000, 100, 3_600_000),
    dataDir: text(env, 'DATA_DIR') ?? './data',
    redisUrl: url(env, 'REDIS_URL', ['redis:', 'rediss:']),
    redisKeyPrefix: text(env, 'REDIS_KEY_PREFIX') ?? 'mm-support',
    redisCommandTimeoutMs: int(env, 'REDIS_COMMAND_TIMEOUT_MS', 1000, 50, 60_000),
    healthTimeoutMs: int(env, 'HEALTH_TIMEOUT_MS', 2000, 100, 60_000),
    jwt: {
      secret: secret ?? DEV_JWT_SECRET,
      secretIsDefault: !secret,
      publicKey,
      issuer: text(env, 'JWT_ISSUER'),
      audience: text(env, 'JWT_AUDIENCE'),
      expiresInSeconds: int(env, 'JWT_EXPIRES_IN', 3600, 60, 30 * 24 * 3600),
    },
    adminEmail: adminEmail?.toLowerCase(),
    adminPassword,
    seedDemo: bool(env, 'SEED_DEMO', !databaseUrl),
    logLevel,
    corsOrigins: !cors || cors === '*' ? true : cors.split(',').map((o) => o.trim()).filter(Boolean),
    trustProxy: trustProxy(env),
    bodyLimitBytes: int(env, 'BODY_LIMIT_BYTES', 1024 * 1024, 1024, 64 * 1024 * 1024),
    publicBaseUrl: baseUrl(env, 'PUBLIC_BASE_URL'),
    rateLimit: {
      enabled: bool(env, 'RATE_LIMIT_ENABLED', true),
      windowSeconds: int(env, 'RATE_LIMIT_WINDOW_SECONDS', 60, 1, 3600),
      perUser: int(env, 'RATE_LIMIT_PER_USER', 600, 1, 1_000_000),
      perIp: int(env, 'RATE_LIMIT_PER_IP', 1200, 1, 1_000_000),
      loginPerWindow: int(env, 'RATE_LIMIT_LOGIN', 10, 1, 1_000_000),
      createPerWindow: int(env, 'RATE_LIMIT_CREATE', 60, 1, 1_000_000),
    },
    gamification: { dailyInteractionCap: int(env, 'GAMIFICATION_DAILY_CAP', GAMIFICATION_DAILY_CAP_DEFAULT, 0, 1000) },
    outbox: {
      pollMs: int(env, 'OUTBOX_POLL_MS', 500, 10, 60_000),
      maxAttempts: int(env, 'OUTBOX_MAX_ATTEMPTS', 10, 1, 1000),
      dispatch: bool(env, 'OUTBOX_DISPATCH', true),
    },
    metricsToken,
    otelExporterEndpoint: url(env, 'OTEL_EXPORTER_OTLP_ENDPOINT', ['http:', 'https:']),
    webhooks: {
      allowPrivateTargets: bool(env, 'WEBHOOK_ALLOW_PRIVATE_TARGETS', false),
      timeoutMs: int(env, 'WEBHOOK_TIMEOUT_MS', 10_000, 100, 60_000),
      retryScheduleMs: msList(env, 'WEBHOOK_RETRY_SCHEDULE_MS', WEBHOOK_RETRY_SCHEDULE_MS),
      disableAfterMs: int(env, 'WEBHOOK_DISABLE_AFTER_MS', 3 * 24 * 3600 * 1000, 1000, 365 * 24 * 3600 * 1000),
    },
  };
}
