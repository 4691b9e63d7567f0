import { ConfigError, loadConfig } from './app-config';

describe('loadConfig', () => {
  it('has working defaults with nothing set', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.dataDir).toBe('./data');
    expect(config.databaseUrl).toBeUndefined();
    expect(config.jwt.secretIsDefault).toBe(true);
    expect(config.seedDemo).toBe(true);
    expect(config.corsOrigins).toBe(true);
    expect(config.bodyLimitBytes).toBe(1024 * 1024);
  });

  it('does not seed demo data on a configured database unless asked', () => {
    const secret = 'x'.repeat(32);
    expect(loadConfig({ DATABASE_URL: 'postgres://x@localhost/db', JWT_SECRET: secret }).seedDemo).toBe(false);
    expect(loadConfig({ DATABASE_URL: 'postgres://x@localhost/db', JWT_SECRET: secret, SEED_DEMO: 'true' }).seedDemo).toBe(true);
  });

  it.each([
    [{ PORT: 'abc' }, 'Invalid configuration: PORT must be a whole number, got "abc"'],
    [{ PORT: '70000' }, 'Invalid configuration: PORT must be between 0 and 65535, got 70000'],
    [{ NODE_ENV: 'production' }, 'Invalid configuration: JWT_SECRET is required when NODE_ENV=production'],
    [{ DATABASE_URL: 'postgres://x@localhost/db' }, 'Invalid configuration: JWT_SECRET is required when DATABASE_URL is set'],
    [{ DATABASE_URL: 'postgres://x@localhost/db', NODE_ENV: 'development', JWT_SECRET: 'mm-support-development-secret-change-me' }, 'JWT_SECRET is the published development default'],
    [{ DATABASE_URL: 'postgres://x@localhost/db', NODE_ENV: 'test', JWT_SECRET: 'x'.repeat(31) }, 'Invalid configuration: JWT_SECRET must be at least 32 bytes, got 31'],
    [{ JWT_SECRET: 'short' }, 'Invalid configuration: JWT_SECRET must be at least 32 bytes, got 5'],
    [{ DATABASE_URL: 'mysql://x@y/z' }, 'Invalid configuration: DATABASE_URL must start with postgres:// or postgresql://'],
    [{ DATABASE_URL: 'not a url' }, 'Invalid configuration: DATABASE_URL must be a URL'],
    [{ REDIS_URL: 'http://x' }, 'Invalid configuration: REDIS_URL must start with redis:// or rediss://'],
    [{ LOG_LEVEL: 'loud' }, 'Invalid configuration: LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent'],
    [{ ADMIN_EMAIL: 'a@b.c' }, 'Invalid configuration: ADMIN_PASSWORD is required when ADMIN_EMAIL is set'],
    [{ RATE_LIMIT_ENABLED: 'maybe' }, 'Invalid configuration: RATE_LIMIT_ENABLED must be true or false, got "maybe"'],
  ])('rejects %j with one line naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('trusts no proxy unless told (X-Forwarded-For would let anyone pick their rate-limit IP)', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' }).trustProxy).toEqual(['10.0.0.0/8', '127.0.0.1']);
    expect(() => loadConfig({ TRUST_PROXY: 'everyone' })).toThrow('Invalid configuration: TRUST_PROXY must be true, false, a hop count or a comma list of addresses, got "everyone"');
  });

  it('prepares repeated statements unless DATABASE_PREPARED_STATEMENTS=false', () => {
    expect(loadConfig({}).databasePreparedStatements).toBe(true);
    expect(loadConfig({ DATABASE_PREPARED_STATEMENTS: 'false' }).databasePreparedStatements).toBe(false);
  });

  it('takes PUBLIC_BASE_URL as an http(s) origin with an optional path, without its trailing slash', () => {
    expect(loadConfig({}).publicBaseUrl).toBeUndefined();
    expect(loadConfig({ PUBLIC_BASE_URL: 'https://support.example.com/' }).publicBaseUrl).toBe('https://support.example.com');
    expect(loadConfig({ PUBLIC_BASE_URL: 'https://example.com/support/' }).publicBaseUrl).toBe('https://example.com/support');
    expect(() => loadConfig({ PUBLIC_BASE_URL: 'ftp://example.com' })).toThrow('Invalid configuration: PUBLIC_BASE_URL must start with http:// or https://');
    expect(() => loadConfig({ PUBLIC_BASE_URL: 'https://example.com/?a=1' })).toThrow('Invalid configuration: PUBLIC_BASE_URL must be an origin');
  });

  it('reads the fault timeouts, within bounds', () => {
    expect(loadConfig({})).toMatchObject({ databaseConnectTimeoutMs: 5000, databaseQueryTimeoutMs: 15_000, redisCommandTimeoutMs: 1000, healthTimeoutMs: 2000 });
    expect(loadConfig({ DATABASE_QUERY_TIMEOUT_MS: '700', REDIS_COMMAND_TIMEOUT_MS: '300' })).toMatchObject({ databaseQueryTimeoutMs: 700, redisCommandTimeoutMs: 300 });
    expect(() => loadConfig({ REDIS_COMMAND_TIMEOUT_MS: '0' })).toThrow('Invalid configuration: REDIS_COMMAND_TIMEOUT_MS must be between 50 and 60000, got 0');
  });

  it('splits CORS_ORIGINS', () => {
    expect(loadConfig({ CORS_ORIGINS: 'https://a.example, https://b.example' }).corsOrigins).toEqual([
      'https://a.example',
      'https://b.example',
    ]);
  });

  it('serves metrics and traces only when configured, with a checked token and endpoint', () => {
    expect(loadConfig({}).metricsToken).toBeUndefined();
    expect(loadConfig({}).otelExporterEndpoint).toBeUndefined();
    expect(loadConfig({ METRICS_TOKEN: 'scrape-token-0123456789' }).metricsToken).toBe('scrape-token-0123456789');
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow('Invalid configuration: METRICS_TOKEN must be at least 16 characters without spaces');
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }).otelExporterEndpoint).toBe('http://collector:4318');
    expect(() => loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' })).toThrow('Invalid configuration: OTEL_EXPORTER_OTLP_ENDPOINT must start with http:// or https://');
  });
});
