/** The baseline as its own process, configured as the bench configures the service: DATABASE_URL, JWT_SECRET, HOST, PORT, DATABASE_POOL_SIZE. */
import { buildBaseline } from './server';

const env = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};

const { app, pool } = buildBaseline({ databaseUrl: env('DATABASE_URL'), jwtSecret: env('JWT_SECRET'), poolSize: Number(process.env.DATABASE_POOL_SIZE ?? 10) });
app.listen({ host: process.env.HOST ?? '127.0.0.1', port: Number(process.env.PORT ?? 3001) }).catch((error) => {
  process.stderr.write(`${error}\n`);
  process.exit(1);
});
process.once('SIGTERM', () => void app.close().then(() => pool.end()).then(() => process.exit(0)));
