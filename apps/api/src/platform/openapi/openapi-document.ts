import type { OpenAPIObject } from '@nestjs/swagger';

/**
 * What @nestjs/swagger cannot say from decorators, applied to the whole document in one place:
 * OpenAPI 3.1 nullability, each surface's error body on every error response, the responses every
 * route can give (rate limit, body too large, internal error), `Idempotency-Key` on the POSTs that
 * honour it, `security: []` on public routes, integer ids and seed 004's trailing slashes.
 */

type Json = Record<string, any>;

const STRING_LIST_BY_FIELD = { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } };

/** Each surface's error body (its seed's format; the default format for routes no seed documents). */
const ERROR_SCHEMAS: Record<string, Json> = {
  VerticalError: {
    type: 'object',
    description: 'Error body of the munch, mtxi and mtables surfaces (seeds 000-002).',
    required: ['status', 'code', 'message'],
    properties: {
      status: { type: 'string', const: 'error' },
      code: { type: 'string', description: "The seed's error code, e.g. SUPPORT_TICKET_NOT_FOUND", example: 'SUPPORT_TICKET_NOT_FOUND' },
      message: { type: 'string', example: 'Ticket not found' },
      errors: { ...STRING_LIST_BY_FIELD, description: 'Messages per request field, on invalid input' },
    },
  },
  HelpdeskError: {
    type: 'object',
    description: 'Error body of the helpdesk surface (seed 003, Laravel style).',
    required: ['success', 'message'],
    properties: {
      success: { type: 'boolean', const: false },
      message: { type: 'string', example: 'Ticket not found' },
      errors: { ...STRING_LIST_BY_FIELD, description: 'Messages per request field (422)' },
    },
  },
  ConsoleError: {
    type: 'object',
    description: 'Error body of the console surface (seed 004, DRF style): `{"error": "..."}`, or on 400 messages per field (`{"subject": ["This field is required."]}`).',
    properties: { error: { type: 'string', example: 'Ticket not found' } },
    additionalProperties: { type: 'array', items: { type: 'string' } },
  },
  DefaultError: {
    type: 'object',
    description: 'Error body of the routes no seed documents (auth, rewards, notifications, integrations).',
    required: ['error'],
    properties: {
      error: { type: 'string', example: 'Validation failed' },
      code: { type: 'string', description: 'The domain error code, when a business rule refused', example: 'TICKET_NOT_FOUND' },
      errors: { ...STRING_LIST_BY_FIELD, description: 'Messages per request field, on invalid input' },
    },
  },
};

const ERROR_SCHEMA_OF_TAG: Record<string, string> = {
  munch: 'VerticalError',
  mtxi: 'VerticalError',
  mtables: 'VerticalError',
  helpdesk: 'HelpdeskError',
  console: 'ConsoleError',
};

/** Status of invalid input per surface (helpdesk answers 422 like Laravel; the others 400). */
const VALIDATION_STATUS: Record<string, string> = { helpdesk: '422' };

const REASONS: Record<string, string> = {
  '400': 'Invalid request: a malformed or unsafe body or query, or a field that fails validation',
  '401': 'Missing, invalid or expired token',
  '403': 'Not allowed for this caller',
  '404': 'Not found',
  '409': 'Conflict (a request with the same Idempotency-Key is still running)',
  '413': 'Request body larger than BODY_LIMIT_BYTES',
  '415': 'A body that is not application/json',
  '422': 'Unprocessable (Idempotency-Key reused with another request)',
  '429': 'Rate limited: retry after the `Retry-After` seconds',
  '500': 'Unexpected error (logged with the request id)',
  '503': 'The database does not answer: retry after the `Retry-After` seconds',
};

/** Seed 004 writes these paths with a trailing slash; the service answers both spellings. */
const SEED_004_PATHS = [
  '/api/support/tickets/create',
  '/api/support/tickets',
  '/api/support/tickets/{ticket_id}',
  '/api/support/tickets/{ticket_id}/update-status',
  '/api/support/tickets/{ticket_id}/assign-self',
  '/api/support/tickets/{ticket_id}/reassign',
  '/api/support/tickets/{ticket_id}/add-note',
  '/api/support/tickets/{ticket_id}/feedback',
  '/api/support/register-agent',
  '/api/agent/tickets',
  '/api/admin/approve-agent/{agent_id}',
  '/api/admin/support/tickets',
  '/api/support/faq',
];

const IDEMPOTENCY_KEY_PARAMETER = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description:
    'Any 1-255 visible ASCII characters. The same key and body from the same caller within 24 hours replays the first answer without acting again; ' +
    'another body with the same key is 422, the same key while the first request still runs is 409.',
  schema: { type: 'string', minLength: 1, maxLength: 255, example: '5f0c7d0e-2b8e-4a8e-9d5e-3c1f0e6b1a2d' },
};

const ID_NAME = /(^id$|Id$|_id$|Ids$|_ids$)/;
const METHODS = ['get', 'put', 'post', 'patch', 'delete'];

/** OpenAPI 3.0 `nullable` → 3.1: `type: [t, 'null']`, or `oneOf: [{$ref}, {type: 'null'}]` for a referenced object. */
function toJsonSchema(schema: Json): Json {
  if (!schema || typeof schema !== 'object') return schema;
  if (Array.isArray(schema)) return schema.map(toJsonSchema);
  const out: Json = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'example' || key === 'examples' || key === 'enum' || key === 'const' || key === 'default') out[key] = value;
    else if (key === 'properties') out[key] = Object.fromEntries(Object.entries(value as Json).map(([name, property]) => [name, integerId(name, toJsonSchema(property))]));
    else out[key] = toJsonSchema(value);
  }
  if (!out.nullable) return out;
  delete out.nullable;
  const ref = out.$ref ?? (out.allOf?.length === 1 ? out.allOf[0].$ref : undefined);
  if (ref) {
    const { $ref: _ref, allOf: _allOf, type: _type, ...annotations } = out;
    return { ...annotations, oneOf: [{ $ref: ref }, { type: 'null' }] };
  }
  if (!out.type) throw new Error(`OpenAPI: a nullable schema without a type (${JSON.stringify(schema)}): give it a type`);
  out.type = [out.type, 'null'];
  if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
  return out;
}

/** Ids are whole numbers: a `number` id becomes an `integer` (a generated client must not send 207.8). */
function integerId(name: string, schema: Json): Json {
  if (!ID_NAME.test(name)) return schema;
  const whole = (s: Json) => (s.type === 'number' ? { ...s, type: 'integer' } : Array.isArray(s.type) && s.type.includes('number') ? { ...s, type: s.type.map((t: string) => (t === 'number' ? 'integer' : t)) } : s);
  return schema.type === 'array' && schema.items ? { ...schema, items: whole(schema.items) } : whole(schema);
}

/** A media type whose "schema" is only `{example}` (how @nestjs/swagger stores `ApiResponse({example})`): the example moves out. */
function errorContent(content: Json | undefined, errorSchema: string): Json {
  const media: Json = { ...(content?.['application/json'] ?? {}) };
  const schema = media.schema;
  if (schema && Object.keys(schema).length === 1 && 'example' in schema) media.example ??= schema.example;
  if (!schema || (Object.keys(schema).length === 1 && 'example' in schema)) media.schema = { $ref: `#/components/schemas/${errorSchema}` };
  return { 'application/json': media };
}

function finishOperation(method: string, operation: Json): void {
  const tag: string = operation.tags?.[0] ?? '';
  const access = operation['x-access'] ?? {};
  const errorSchema = ERROR_SCHEMA_OF_TAG[tag] ?? 'DefaultError';
  const responses: Json = operation.responses ?? {};

  if (access.public) operation.security = [];
  for (const parameter of operation.parameters ?? []) {
    parameter.schema = integerId(parameter.in === 'path' ? 'id' : parameter.name, toJsonSchema(parameter.schema));
  }
  if (method === 'post' && !access.public) {
    const declared = (operation.parameters ?? []).filter((p: Json) => !(p.in === 'header' && String(p.name).toLowerCase() === 'idempotency-key'));
    operation.parameters = [...declared, IDEMPOTENCY_KEY_PARAMETER];
    for (const status of ['409', '422']) responses[status] ??= { description: REASONS[status] };
  }
  // What every route can answer before its handler runs: unsafe or malformed input (the query of any
  // route, the body of any request), a body too large or not JSON, the rate limit, an unexpected error, the database unreachable.
  responses['400'] ??= { description: REASONS['400'] };
  responses[VALIDATION_STATUS[tag] ?? '400'] ??= { description: REASONS['400'] };
  if (method !== 'get') {
    responses['413'] ??= { description: REASONS['413'] };
    responses['415'] ??= { description: REASONS['415'] };
  }
  responses['429'] ??= { description: REASONS['429'] };
  responses['429'].headers ??= { 'Retry-After': { description: 'Seconds until the limit resets', schema: { type: 'integer', minimum: 0 } } };
  responses['500'] ??= { description: REASONS['500'] };
  responses['503'] ??= { description: REASONS['503'] };
  responses['503'].headers ??= { 'Retry-After': { description: 'Seconds to wait before retrying', schema: { type: 'integer', minimum: 0 } } };
  for (const [status, response] of Object.entries(responses)) {
    // Health's 503 as well: the exception filter renders @nestjs/terminus's refusal as `{"error"}`, not terminus's own body.
    if (tag === 'health' && status === '503') response.content = { 'application/json': { schema: { $ref: '#/components/schemas/DefaultError' } } };
    else if (Number(status) >= 400) response.content = errorContent(response.content, errorSchema);
    for (const media of Object.values<Json>(response.content ?? {})) if (media.schema) media.schema = toJsonSchema(media.schema);
    if (!response.description) response.description = Number(status) < 300 ? (operation.summary ?? 'Success') : (REASONS[status] ?? 'Error');
  }
  operation.responses = Object.fromEntries(Object.entries(responses).sort(([a], [b]) => a.localeCompare(b)));
  if (operation.requestBody?.content) {
    for (const media of Object.values<Json>(operation.requestBody.content)) if (media.schema) media.schema = toJsonSchema(media.schema);
  }
}

export function finishOpenApiDocument(document: OpenAPIObject): OpenAPIObject {
  const doc = document as Json;
  doc.openapi = '3.1.0';
  doc.servers = [{ url: '/', description: 'This service' }];
  const paths: Json = {};
  for (const [path, item] of Object.entries<Json>(doc.paths)) {
    for (const method of METHODS) if (item[method]) finishOperation(method, item[method]);
    paths[SEED_004_PATHS.includes(path) ? `${path}/` : path] = item;
  }
  doc.paths = paths;
  const schemas: Json = doc.components?.schemas ?? {};
  for (const [name, schema] of Object.entries(schemas)) schemas[name] = toJsonSchema(schema);
  doc.components = { ...doc.components, schemas: { ...schemas, ...ERROR_SCHEMAS } };
  return document;
}
