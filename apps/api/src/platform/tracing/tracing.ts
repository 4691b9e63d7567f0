/**
 * OpenTelemetry tracing, imported first by main.ts so the http and pg
 * instrumentations hook those modules before anything loads them. Only when
 * OTEL_EXPORTER_OTLP_ENDPOINT is set: otherwise nothing of the SDK is even
 * loaded, and the spans of @mm/core's `traced` are the API's no-ops.
 * (loadConfig validates the variable; a malformed one stops the process there.)
 */
type Shutdown = () => Promise<void>;

export function startTracing(env: NodeJS.ProcessEnv = process.env): Shutdown | undefined {
  const endpoint = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
  if (!endpoint || !URL.canParse(endpoint)) return undefined;
  /* eslint-disable @typescript-eslint/no-require-imports -- loaded only when tracing is on */
  const { NodeSDK } = require('@opentelemetry/sdk-node') as typeof import('@opentelemetry/sdk-node');
  const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-http') as typeof import('@opentelemetry/exporter-trace-otlp-http');
  const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http') as typeof import('@opentelemetry/instrumentation-http');
  const { PgInstrumentation } = require('@opentelemetry/instrumentation-pg') as typeof import('@opentelemetry/instrumentation-pg');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const sdk = new NodeSDK({
    serviceName: env.OTEL_SERVICE_NAME?.trim() || 'mm-support-service',
    traceExporter: new OTLPTraceExporter({ url: `${endpoint.replace(/\/+$/, '')}/v1/traces` }),
    instrumentations: [
      // Health probes and metric scrapes would be most of the traces and tell nothing.
      new HttpInstrumentation({ ignoreIncomingRequestHook: (request) => /^\/(health|metrics)(\/|$|\?)/.test(request.url ?? '') }),
      new PgInstrumentation(),
    ],
  });
  sdk.start();
  return () => sdk.shutdown();
}

export const stopTracing = startTracing();
