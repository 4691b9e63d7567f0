export * from './ssrf-guard';
export * from './webhook-deliveries.service';
export * from './webhook-endpoints.service';
export * from './webhook-sender';
export * from './webhook-signing';
export * from './webhook.entities';
export * from './webhooks.module';
export * from './ticket-export';
