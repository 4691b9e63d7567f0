import { HttpResponse } from '../../support/http';

/**
 * Which error format a path answers in (the same prefixes the surfaces
 * register with the ErrorRendererRegistry), and a checker for each format:
 * a hardening test asserts "the surface's own error format" with these.
 */
export type SurfaceName = 'munch' | 'mtxi' | 'mtables' | 'helpdesk' | 'console' | 'desk' | 'default';

const PREFIXES: [string, SurfaceName][] = [
  ['/api/customer/munch/support', 'munch'],
  ['/api/customer/mtxi/support', 'mtxi'],
  ['/api/customer/mtables/support', 'mtables'],
  ['/api/support-tickets', 'helpdesk'],
  ['/api/support-messages', 'helpdesk'],
  ['/api/orders', 'helpdesk'],
  ['/api/support', 'console'],
  ['/api/agent', 'console'],
  ['/api/admin', 'console'],
  ['/api/desk', 'desk'],
];

export function surfaceOf(path: string): SurfaceName {
  const bare = path.split('?')[0];
  return PREFIXES.find(([prefix]) => bare === prefix || bare.startsWith(`${prefix}/`))?.[1] ?? 'default';
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isMessages = (value: unknown) => Array.isArray(value) && value.length > 0 && value.every((m) => typeof m === 'string' && m.length > 0);
const isFieldMap = (value: unknown) => isObject(value) && Object.values(value).every(isMessages);

function extraKeys(body: Record<string, unknown>, allowed: string[]): string[] {
  return Object.keys(body).filter((key) => !allowed.includes(key));
}

/** Nothing of the server's insides in an error body: no stack frames, SQL or driver names. */
const LEAKS = /\bat [\w.<>]+ \(|node_modules|QueryFailedError|TypeORM|SELECT .* FROM|INSERT INTO|duplicate key|violates|syntax error at/i;

/** What is wrong with an error response for `path`; empty when it is in the surface's own format. */
export function errorFormatProblems(path: string, status: number, body: unknown): string[] {
  const problems: string[] = [];
  if (!isObject(body)) return [`body is not a JSON object: ${JSON.stringify(body)?.slice(0, 200)}`];
  if (LEAKS.test(JSON.stringify(body))) problems.push('body leaks internals');
  switch (surfaceOf(path)) {
    case 'munch':
    case 'mtxi':
    case 'mtables':
      if (body.status !== 'error') problems.push('status is not "error"');
      if (typeof body.code !== 'string' || !/^[A-Za-z_]+$/.test(body.code)) problems.push('code is not a code');
      if (typeof body.message !== 'string' || !body.message) problems.push('message missing');
      if (body.errors !== undefined && !isFieldMap(body.errors)) problems.push('errors is not {field: [messages]}');
      problems.push(...extraKeys(body, ['status', 'code', 'message', 'errors']).map((k) => `unexpected key ${k}`));
      break;
    case 'helpdesk':
      if (body.success !== false) problems.push('success is not false');
      if (typeof body.message !== 'string' || !body.message) problems.push('message missing');
      if (status === 422 && body.message === 'Validation failed' && !isFieldMap(body.errors)) problems.push('422 without errors per field');
      if (body.errors !== undefined && !isFieldMap(body.errors)) problems.push('errors is not {field: [messages]}');
      problems.push(...extraKeys(body, ['success', 'message', 'errors']).map((k) => `unexpected key ${k}`));
      break;
    case 'console':
      if (status === 400) {
        if (!isFieldMap(body) || !Object.keys(body).length) problems.push('400 is not {field: [messages]}');
      } else {
        if (typeof body.error !== 'string' || !body.error) problems.push('error missing');
        problems.push(...extraKeys(body, ['error']).map((k) => `unexpected key ${k}`));
      }
      break;
    case 'desk': // SPEC section 7: the default format, without domain codes
      if (typeof body.error !== 'string' || !body.error) problems.push('error missing');
      if (status === 400 && body.error === 'Validation failed' && !isFieldMap(body.errors)) problems.push('400 without errors per field');
      if (body.errors !== undefined && !isFieldMap(body.errors)) problems.push('errors is not {field: [messages]}');
      problems.push(...extraKeys(body, ['error', 'errors']).map((k) => `unexpected key ${k}`));
      break;
    case 'default':
      if (typeof body.error !== 'string' || !body.error) problems.push('error missing');
      if (body.errors !== undefined && !isFieldMap(body.errors)) problems.push('errors is not {field: [messages]}');
      problems.push(...extraKeys(body, ['error', 'code', 'errors']).map((k) => `unexpected key ${k}`));
      break;
  }
  return problems;
}

/** Fails unless `res` is an error with `status` (when given) in the format of the surface that owns `path`. */
export function expectSurfaceError(path: string, res: HttpResponse, status?: number): void {
  if (status !== undefined && res.status !== status) {
    throw new Error(`${path}: expected ${status}, got ${res.status} ${res.text.slice(0, 300)}`);
  }
  const problems = errorFormatProblems(path, res.status, res.body);
  if (problems.length) throw new Error(`${path} ${res.status}: not in the ${surfaceOf(path)} error format (${problems.join('; ')}): ${res.text.slice(0, 300)}`);
}

/** The code (vertical surfaces) or message (others) of an error response, for asserting which refusal it was. */
export function errorCodeOf(res: HttpResponse): string {
  const body = res.body ?? {};
  return body.code ?? body.message ?? body.error ?? JSON.stringify(body);
}
