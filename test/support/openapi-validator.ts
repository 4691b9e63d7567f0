import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020, { ErrorObject, ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

type Json = Record<string, any>;

export interface ReceivedResponse {
  method: string;
  /** The request path, with or without its query string. */
  path: string;
  status: number;
  contentType: string | null;
  text: string;
  body: unknown;
}

interface Route {
  template: string;
  pattern: RegExp;
  literalSegments: number;
}

/** The committed document (`npm run openapi` writes it). */
export const OPENAPI_FILE = join(__dirname, '..', '..', 'docs', 'openapi.json');

const pointer = (...parts: string[]) => parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

/**
 * Checks a response the e2e suites received against an OpenAPI 3.1 document (by default the committed
 * docs/openapi.json): the status must be documented for the operation, and a JSON body must match its
 * schema. Requests to paths the document does not have (Swagger UI, the console's pages, an unknown
 * route a test probes) are not checked.
 */
export class OpenApiResponseValidator {
  private readonly ajv: Ajv2020;
  private readonly routes: Route[];
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(private readonly document: Json) {
    this.ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
    addFormats(this.ajv);
    this.ajv.addSchema(document, 'openapi.json');
    this.routes = Object.keys(document.paths)
      .map((template) => {
        const trimmed = template.replace(/\/$/, '');
        const source = trimmed.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+');
        return { template, pattern: new RegExp(`^${source}/?$`), literalSegments: trimmed.split('/').filter((s) => s && !s.startsWith('{')).length };
      })
      .sort((a, b) => b.literalSegments - a.literalSegments);
  }

  static fromFile(file = OPENAPI_FILE): OpenApiResponseValidator {
    return new OpenApiResponseValidator(JSON.parse(readFileSync(file, 'utf8')));
  }

  /** The problems found, one line each; empty when the response is what the document says. */
  problems(response: ReceivedResponse): string[] {
    const path = response.path.split('?')[0];
    const method = response.method.toLowerCase();
    const route = this.routes.find((r) => r.pattern.test(path) && this.document.paths[r.template][method]);
    if (!route) return [];
    const where = `${method.toUpperCase()} ${route.template} → ${response.status}`;
    const responses: Json = this.document.paths[route.template][method].responses;
    const status = [String(response.status), `${String(response.status)[0]}XX`, 'default'].find((s) => responses[s]);
    if (!status) return [`${where}: status ${response.status} is not documented (documented: ${Object.keys(responses).join(', ')}); body ${response.text.slice(0, 300)}`];
    const media = responses[status].content?.['application/json'];
    if (!media?.schema) {
      return response.text && response.contentType?.includes('json') ? [`${where}: a JSON body is not documented for this status: ${response.text.slice(0, 300)}`] : [];
    }
    if (!response.contentType?.includes('application/json')) return [`${where}: content-type ${response.contentType ?? 'none'}, documented application/json`];
    const ref = `openapi.json#/${pointer('paths', route.template, method, 'responses', status, 'content', 'application/json', 'schema')}`;
    let validate = this.compiled.get(ref);
    if (!validate) {
      validate = this.ajv.compile({ $ref: ref });
      this.compiled.set(ref, validate);
    }
    if (validate(response.body)) return [];
    return (validate.errors ?? []).map((error) => `${where}: ${describe(error, response.body)}`);
  }

  /** The problems of a webhook delivery's body against the document's `webhooks` entry for its type. */
  webhookProblems(body: { type: string }): string[] {
    const { type } = body;
    if (!this.document.webhooks?.[type]) return [`webhook ${type}: not documented`];
    const ref = `openapi.json#/${pointer('webhooks', body.type, 'post', 'requestBody', 'content', 'application/json', 'schema')}`;
    let validate = this.compiled.get(ref);
    if (!validate) {
      validate = this.ajv.compile({ $ref: ref });
      this.compiled.set(ref, validate);
    }
    if (validate(body)) return [];
    return (validate.errors ?? []).map((error) => `webhook ${type}: ${describe(error, body)}`);
  }
}

/** `body.data.order: must be object (got null)`: the field, what the schema wanted, what came. */
function describe(error: ErrorObject, body: unknown): string {
  const field = `body${error.instancePath.replace(/\//g, '.')}`;
  const value = error.instancePath.split('/').slice(1).reduce<any>((node, key) => (node == null ? node : node[key.replace(/~1/g, '/').replace(/~0/g, '~')]), body);
  const got = JSON.stringify(value);
  return `${field}: ${error.message}${error.params && Object.keys(error.params).length ? ` ${JSON.stringify(error.params)}` : ''} (got ${got === undefined ? 'nothing' : got.slice(0, 200)}; schema ${error.schemaPath})`;
}

let shared: OpenApiResponseValidator | undefined;

/** The committed document's validator, read once per jest worker. */
export function committedDocumentValidator(): OpenApiResponseValidator {
  shared ??= OpenApiResponseValidator.fromFile();
  return shared;
}

export class OpenApiResponseError extends Error {
  constructor(problems: string[]) {
    super(`The response does not match docs/openapi.json (fix the code or its decorators, then npm run openapi):\n  ${problems.join('\n  ')}`);
    this.name = 'OpenApiResponseError';
  }
}
