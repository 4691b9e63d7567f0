import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig, DomainError, DomainErrorCode, recordAudit, RequestContext, RequestValidationError, Transactions } from '@mm/core';
import { Inject } from '@nestjs/common';
import { WebhookEndpoint } from './webhook.entities';
import { WEBHOOK_EVENTS, WebhookEventType } from './webhook-vocabulary';
import { newWebhookSecret } from './webhook-signing';
import { urlProblem } from './ssrf-guard';

/** The rotation overlap: the old secret keeps signing this long. */
export const SECRET_OVERLAP_MS = 24 * 3600 * 1000;

export interface WebhookEndpointInput {
  url?: unknown;
  events?: unknown;
  active?: unknown;
  description?: unknown;
}

/** What the audit log keeps of an endpoint: never its secrets. */
function audited(endpoint: WebhookEndpoint) {
  return { id: endpoint.id, url: endpoint.url, events: endpoint.events, active: endpoint.active, description: endpoint.description };
}

/** Webhook endpoints (SPEC 7.6): configuration objects, each change audited in its transaction. */
@Injectable()
export class WebhookEndpoints {
  constructor(
    private readonly transactions: Transactions,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  list(manager: EntityManager): Promise<WebhookEndpoint[]> {
    return manager.find(WebhookEndpoint, { order: { id: 'ASC' } });
  }

  async get(manager: EntityManager, id: number): Promise<WebhookEndpoint> {
    const endpoint = await manager.findOneBy(WebhookEndpoint, { id });
    if (!endpoint) throw new DomainError(DomainErrorCode.WebhookNotFound, 'Webhook endpoint not found');
    return endpoint;
  }

  create(ctx: RequestContext, input: WebhookEndpointInput): Promise<WebhookEndpoint> {
    const fields = this.validate(input, true);
    return this.transactions.run(async (manager) => {
      const endpoint = await manager.save(manager.create(WebhookEndpoint, { active: true, description: null, ...fields, secret: newWebhookSecret() }));
      await recordAudit(manager, ctx.actor, { action: 'webhook.created', entityType: 'webhook', entityId: endpoint.id, before: null, after: audited(endpoint) });
      return endpoint;
    });
  }

  update(ctx: RequestContext, id: number, input: WebhookEndpointInput): Promise<WebhookEndpoint> {
    const fields = this.validate(input, false);
    return this.transactions.run(async (manager) => {
      const endpoint = await this.locked(manager, id);
      const before = audited(endpoint);
      Object.assign(endpoint, fields);
      // Turned on again by an admin: failures start counting afresh.
      if (fields.active === true) Object.assign(endpoint, { disabledReason: null, failingSince: null });
      await manager.save(endpoint);
      await recordAudit(manager, ctx.actor, { action: 'webhook.updated', entityType: 'webhook', entityId: id, before, after: audited(endpoint) });
      return endpoint;
    });
  }

  /** A new secret; the current one keeps signing for 24 hours. */
  rotateSecret(ctx: RequestContext, id: number, now = new Date()): Promise<WebhookEndpoint> {
    return this.transactions.run(async (manager) => {
      const endpoint = await this.locked(manager, id);
      Object.assign(endpoint, { previousSecret: endpoint.secret, previousSecretExpiresAt: new Date(now.getTime() + SECRET_OVERLAP_MS), secret: newWebhookSecret() });
      await manager.save(endpoint);
      await recordAudit(manager, ctx.actor, { action: 'webhook.secret_rotated', entityType: 'webhook', entityId: id, before: null, after: { id, previousSecretExpiresAt: endpoint.previousSecretExpiresAt } });
      return endpoint;
    });
  }

  private async locked(manager: EntityManager, id: number): Promise<WebhookEndpoint> {
    const endpoint = await manager.findOne(WebhookEndpoint, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!endpoint) throw new DomainError(DomainErrorCode.WebhookNotFound, 'Webhook endpoint not found');
    return endpoint;
  }

  /** Field errors are 400s naming the field; a create needs url and events. */
  private validate(input: WebhookEndpointInput, creating: boolean): Partial<Pick<WebhookEndpoint, 'url' | 'events' | 'active' | 'description'>> {
    const errors: Record<string, string[]> = {};
    const fields: Partial<Pick<WebhookEndpoint, 'url' | 'events' | 'active' | 'description'>> = {};
    if (input === null || typeof input !== 'object') throw new RequestValidationError({ body: ['body must be a JSON object'] });
    if (input.url !== undefined || creating) {
      const problem = typeof input.url === 'string' ? urlProblem(input.url, this.config.webhooks.allowPrivateTargets) : 'url must be a string';
      if (problem) errors.url = [problem];
      else fields.url = input.url as string;
    }
    if (input.events !== undefined || creating) {
      const events = input.events;
      if (!Array.isArray(events) || events.length === 0 || events.length > WEBHOOK_EVENTS.length || !events.every((e) => (WEBHOOK_EVENTS as readonly unknown[]).includes(e))) {
        errors.events = [`events must be a non-empty array of ${WEBHOOK_EVENTS.join(', ')}`];
      } else fields.events = [...new Set(events as WebhookEventType[])];
    }
    if (input.active !== undefined) {
      if (typeof input.active !== 'boolean') errors.active = ['active must be a boolean'];
      else fields.active = input.active;
    }
    if (input.description !== undefined) {
      if (input.description !== null && (typeof input.description !== 'string' || input.description.length > 500)) errors.description = ['description must be a string of at most 500 characters or null'];
      else fields.description = (input.description as string | null) ?? null;
    }
    if (Object.keys(errors).length > 0) throw new RequestValidationError(errors);
    return fields;
  }
}
