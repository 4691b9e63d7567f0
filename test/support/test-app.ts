import { loadConfig } from '@mm/core';
import { createApp, RunningApp } from '../../apps/api/src/create-app';
import { HttpClient } from './http';

export interface TestApp {
  url: string;
  running: RunningApp;
  http: HttpClient;
  close(): Promise<void>;
}

/** Boots the real app on a random port against the run's test database. */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const databaseUrl = process.env.E2E_DATABASE_URL;
  if (!databaseUrl && env.DATABASE_URL === undefined) throw new Error('E2E_DATABASE_URL is not set: run the suites through jest (global setup)');
  const config = loadConfig({ ...process.env, DATABASE_URL: databaseUrl, ...env });
  const running = await createApp(config);
  await running.app.listen({ port: 0, host: '127.0.0.1' });
  const address = running.app.getHttpServer().address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return { url, running, http: new HttpClient(url), close: () => running.close() };
}
