import { join } from 'node:path';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { finishOpenApiDocument } from './openapi-document';
import { WEBHOOK_DATA_MODELS, webhookDocs } from './openapi-webhooks';

/** One tag per surface, in the order integrators read them. */
export const SWAGGER_TAGS: [string, string][] = [
  ['munch', 'munch customer support (seed 000) — /api/customer/munch/support'],
  ['mtxi', 'mtxi customer support (seed 001) — /api/customer/mtxi/support'],
  ['mtables', 'mtables customer support (seed 002) — /api/customer/mtables/support'],
  ['helpdesk', 'Helpdesk API (seed 003) — /api/support-tickets, /api/support-messages, /api/orders'],
  ['console', 'Agent and admin console (seed 004) — /api/support, /api/agent, /api/admin'],
  ['desk', 'Desk API for staff (SPEC section 7) — /api/desk: tickets, tags, audit log'],
  ['auth', 'Accounts and tokens — /api/auth'],
  ['rewards', 'Gamification balances — /api/customer/rewards'],
  ['notifications', 'In-app notifications — /api/notifications'],
  ['integrations', 'Reference data from other MM services — /api/integrations'],
  ['health', 'Liveness and readiness'],
];

export function buildOpenApiDocument(app: NestFastifyApplication): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setTitle('MM Support Service')
    .setDescription(
      'Support backend of the MM super-app: one ticket domain behind five API surfaces. ' +
        'Authenticate with `Authorization: Bearer <JWT>` (see /api/auth/login).',
    )
    .setVersion('1.0')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer');
  for (const [name, description] of SWAGGER_TAGS) builder.addTag(name, description);
  const document = finishOpenApiDocument(SwaggerModule.createDocument(app, builder.build(), { extraModels: WEBHOOK_DATA_MODELS }));
  return Object.assign(document, { webhooks: webhookDocs() });
}

/** The committed document (`npm run openapi` writes it; test/openapi.e2e-spec.ts fails when it is stale). */
export const OPENAPI_FILE = join(__dirname, '..', '..', '..', '..', '..', 'docs', 'openapi.json');

export function serializeOpenApi(document: OpenAPIObject): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

export function setupSwagger(app: NestFastifyApplication): void {
  SwaggerModule.setup('docs', app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: 'docs-json',
    customSiteTitle: 'MM Support Service API',
  });
}
