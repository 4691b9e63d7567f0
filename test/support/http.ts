import { committedDocumentValidator, OpenApiResponseError, OpenApiResponseValidator } from './openapi-validator';

export interface HttpResponse<T = any> {
  status: number;
  body: T;
  text: string;
  headers: Headers;
}

export interface RequestOptions {
  token?: string;
  headers?: Record<string, string>;
  /** Send this exact string as the body (malformed JSON tests). */
  raw?: string;
}

export interface HttpClientOptions {
  /** Every response is checked against this OpenAPI document (default: the committed docs/openapi.json); `null` checks nothing. */
  validator?: OpenApiResponseValidator | null;
}

/**
 * A tiny fetch wrapper: JSON in, parsed JSON (or text) out, never throws on 4xx/5xx. It throws when a
 * response is not what the OpenAPI document says (an undocumented status, a body off its schema).
 */
export class HttpClient {
  private readonly validator: OpenApiResponseValidator | null;

  constructor(
    readonly baseUrl: string,
    options: HttpClientOptions = {},
  ) {
    this.validator = options.validator === undefined ? committedDocumentValidator() : options.validator;
  }

  async request<T = any>(method: string, path: string, body?: unknown, options: RequestOptions = {}): Promise<HttpResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let payload: string | undefined;
    if (options.raw !== undefined) payload = options.raw;
    else if (body !== undefined) payload = JSON.stringify(body);
    if (payload !== undefined) headers['content-type'] ??= 'application/json';
    const response = await fetch(`${this.baseUrl}${path}`, { method, headers, body: payload });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON (Swagger UI HTML): keep the text
    }
    const problems = this.validator?.problems({ method, path, status: response.status, contentType: response.headers.get('content-type'), text, body: parsed }) ?? [];
    if (problems.length) throw new OpenApiResponseError(problems);
    return { status: response.status, body: parsed as T, text, headers: response.headers };
  }

  get<T = any>(path: string, options?: RequestOptions) {
    return this.request<T>('GET', path, undefined, options);
  }
  post<T = any>(path: string, body?: unknown, options?: RequestOptions) {
    return this.request<T>('POST', path, body, options);
  }
  put<T = any>(path: string, body?: unknown, options?: RequestOptions) {
    return this.request<T>('PUT', path, body, options);
  }
  patch<T = any>(path: string, body?: unknown, options?: RequestOptions) {
    return this.request<T>('PATCH', path, body, options);
  }
  delete<T = any>(path: string, options?: RequestOptions) {
    return this.request<T>('DELETE', path, undefined, options);
  }
}
