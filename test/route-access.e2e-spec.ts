import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import { ACCESS_RULE, AccessRule } from '@mm/auth';
import { Factories } from './support/factories';
import { useTestApp } from './support/harness';
import { TestApp } from './support/test-app';

/**
 * Every route of the real app has an access rule, and docs/route-access.md
 * lists them all: a diff in that file is a change of who can reach what.
 */
const SNAPSHOT = join(__dirname, '..', 'docs', 'route-access.md');
const REGENERATE = 'UPDATE_ROUTE_SNAPSHOT=1 npx jest test/route-access.e2e-spec.ts';

/** Served by Fastify plugins, not Nest controllers, so outside the AccessGuard: public by design. */
const OUTSIDE_THE_GUARD: { prefix: string; why: string }[] = [
  { prefix: '/docs', why: 'Swagger UI and the OpenAPI document (public)' },
  { prefix: '/', why: 'only `/` itself: a redirect to the console (or to /docs when the console is not built)' },
  { prefix: '/console', why: 'the console web app: static files; it calls the API with the user\'s token' },
  { prefix: '/metrics', why: 'Prometheus metrics: its own bearer token, METRICS_TOKEN (no user token is accepted); not served (404) when unset' },
];

interface Route {
  method: string;
  path: string;
  handler: string;
  rule?: AccessRule;
}

function joinPath(...parts: string[]): string {
  const path = `/${parts.join('/')}`.replace(/\/+/g, '/');
  return path.length > 1 ? path.replace(/\/$/, '') : path;
}

/** The routes Nest registered, with the rule the guard will read (handler metadata wins over class metadata). */
function nestRoutes(app: TestApp): Route[] {
  const discovery = new DiscoveryService(app.running.app.get(ModulesContainer));
  const scanner = new MetadataScanner();
  const reflector = new Reflector();
  const routes: Route[] = [];
  for (const wrapper of discovery.getControllers()) {
    const controller = wrapper.metatype as (new (...args: never[]) => object) | undefined;
    if (!controller) continue;
    const prefixes = [Reflect.getMetadata(PATH_METADATA, controller) ?? ''].flat() as string[];
    for (const name of scanner.getAllMethodNames(controller.prototype)) {
      const handler = (controller.prototype as Record<string, () => unknown>)[name];
      const methodPaths = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
      if (methodPaths === undefined) continue;
      const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
      const rule = reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_RULE, [handler, controller]);
      for (const prefix of prefixes) {
        for (const path of [methodPaths].flat()) routes.push({ method, path: joinPath(prefix, path), handler: `${controller.name}.${name}`, rule });
      }
    }
  }
  return routes.sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
}

/** Fastify's own route table (printRoutes), without the automatic HEAD routes and the CORS preflight. */
function fastifyRoutes(app: TestApp): { method: string; path: string }[] {
  const tree = app.running.app.getHttpAdapter().getInstance().printRoutes({ commonPrefix: false });
  const parents: string[] = [];
  const routes: { method: string; path: string }[] = [];
  for (const line of tree.split('\n')) {
    const match = line.match(/^((?:[│ ] {3})*)[├└]── (.+?)(?: \(([A-Z, ]+)\))?$/);
    if (!match) continue;
    const depth = match[1].length / 4;
    const path = (parents[depth - 1] ?? '') + match[2];
    parents[depth] = path;
    for (const method of match[3]?.split(', ') ?? []) if (method !== 'HEAD' && !(method === 'OPTIONS' && path === '*')) routes.push({ method, path });
  }
  return routes;
}

function describeRule(rule: AccessRule): string[] {
  if (rule.public) return ['public', '', ''];
  const approval = rule.roles.includes('agent') ? (rule.requireApproval === false ? 'unapproved agents too' : 'approved agents only') : '';
  return [rule.roles.join(', '), (rule.permissions ?? []).join(', '), approval];
}

function snapshot(routes: Route[]): string {
  const row = (cells: string[]) => `| ${cells.map((c) => c || '—').join(' | ')} |`;
  return [
    '# Route access',
    '',
    'Every route of the API and who may call it: the `@Access(...)` / `@Public()` rule that the global',
    'AccessGuard enforces (roles, then agent approval, then every listed permission; a token\'s',
    '`permissions` claim narrows the role\'s permissions). Generated from the running app by',
    '`test/route-access.e2e-spec.ts`, which fails when this file is stale: **a diff here changes who can',
    'reach an endpoint — review it.** Paths answer with or without a trailing slash (seed 004 writes',
    'them with one). Regenerate with:',
    '',
    '```bash',
    REGENERATE,
    '```',
    '',
    '| method | path | roles | permissions (all required) | agents |',
    '|---|---|---|---|---|',
    ...routes.map((r) => row([r.method, `\`${r.path}\``, ...describeRule(r.rule!)])),
    '',
    'Served outside the guard (Fastify plugins, not API routes):',
    '',
    ...OUTSIDE_THE_GUARD.map((o) => `- \`${o.prefix}\`: ${o.why}`),
    '',
  ].join('\n');
}

function lineDiff(expected: string, actual: string): string {
  const before = expected.split('\n');
  const after = actual.split('\n');
  return [...before.filter((l) => !after.includes(l)).map((l) => `- ${l}`), ...after.filter((l) => !before.includes(l)).map((l) => `+ ${l}`)].join('\n');
}

describe('route access', () => {
  const { app } = useTestApp();
  let routes: Route[];

  beforeAll(async () => {
    routes = nestRoutes(app);
  });

  it('finds the routes the HTTP server serves, and every one of them is a Nest route or a known plugin', () => {
    expect(routes.length).toBeGreaterThan(10);
    const fastify = app.running.app.getHttpAdapter().getInstance();
    for (const route of routes) expect({ route: `${route.method} ${route.path}`, served: fastify.hasRoute({ method: route.method as 'GET', url: route.path }) }).toEqual({ route: `${route.method} ${route.path}`, served: true });

    const known = new Set(routes.map((r) => `${r.method} ${r.path}`));
    const unguarded = fastifyRoutes(app).filter((r) => !known.has(`${r.method} ${r.path}`) && !OUTSIDE_THE_GUARD.some((o) => new RegExp(`^${o.prefix}($|[/*-])`).test(r.path)));
    expect(unguarded).toEqual([]);
  });

  it('gives every route an access rule (@Access or @Public)', () => {
    expect(routes.filter((r) => !r.rule).map((r) => `${r.method} ${r.path} (${r.handler})`)).toEqual([]);
  });

  it('lets service tokens reach the integration API and nothing else; integrations are never for customers or agents', () => {
    const serviceRoutes = routes.filter((r) => !r.rule?.public && r.rule?.roles.includes('service'));
    // Besides the integration API: the ticket export (SPEC 7.6), with its own permission.
    expect(serviceRoutes.filter((r) => !r.path.startsWith('/api/integrations/')).map((r) => [r.path, r.rule && !r.rule.public ? r.rule.permissions : null])).toEqual([['/api/desk/export/tickets', ['export_tickets']]]);
    for (const route of routes.filter((r) => r.path.startsWith('/api/integrations/'))) {
      expect({ route: route.path, rule: route.rule }).toEqual({ route: route.path, rule: { roles: ['admin', 'service'], permissions: ['manage_reference_data'] } });
    }
  });

  it(`matches docs/route-access.md (regenerate: ${REGENERATE})`, () => {
    const actual = snapshot(routes);
    if (process.env.UPDATE_ROUTE_SNAPSHOT === '1') {
      writeFileSync(SNAPSHOT, actual);
      return;
    }
    const committed = existsSync(SNAPSHOT) ? readFileSync(SNAPSHOT, 'utf8') : '';
    if (committed !== actual) {
      throw new Error(
        `docs/route-access.md is stale: the routes or their access rules changed.\n` +
          `Review the difference below (it changes who can reach what), then regenerate with:\n  ${REGENERATE}\n\n${lineDiff(committed, actual)}`,
      );
    }
  });

  it('enforces the rules on the live app: 401 without a token, 403 for the wrong role or an unapproved agent', async () => {
    const factories = new Factories(app);
    const tokens = {
      customer: (await factories.customer()).token,
      agent: (await factories.unapprovedAgent()).token,
      service: factories.serviceToken('route-walker'),
    };
    const failures: string[] = [];
    for (const route of routes) {
      if (!route.rule || route.rule.public) continue;
      const rule = route.rule;
      const url = route.path.replace(/:[^/]+/g, '1');
      const call = (token?: string) => app.http.request(route.method, url, ['POST', 'PUT', 'PATCH'].includes(route.method) ? {} : undefined, { token });
      const check = async (token: string | undefined, status: number, who: string) => {
        const res = await call(token);
        if (res.status !== status) failures.push(`${route.method} ${route.path} as ${who}: ${res.status}, expected ${status}`);
      };
      await check(undefined, 401, 'anonymous');
      if (!rule.roles.includes('customer')) await check(tokens.customer, 403, 'customer');
      if (!rule.roles.includes('service')) await check(tokens.service, 403, 'service');
      if (!rule.roles.includes('agent') || rule.requireApproval !== false) await check(tokens.agent, 403, 'unapproved agent');
    }
    expect(failures).toEqual([]);
  });
});
