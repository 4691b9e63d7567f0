import { WEBHOOK_EVENTS, WebhookEventType } from '@mm/webhooks';
import { WebhookFeedbackDto, WebhookMessageDto } from '../../surfaces/desk/dto/webhook.dto';

type Json = Record<string, any>;

/** The component schemas deliveries carry as `data`: registered with the document (no route answers them). */
export const WEBHOOK_DATA_MODELS = [WebhookMessageDto, WebhookFeedbackDto];

const DATA_OF: Record<WebhookEventType, { schema: string; what: string }> = {
  'ticket.created': { schema: 'DeskTicketDto', what: 'a ticket was created' },
  'ticket.updated': { schema: 'DeskTicketDto', what: 'a ticket changed (priority, tags, fields, a merge into it)' },
  'ticket.status_changed': { schema: 'DeskTicketDto', what: 'a ticket changed status (closing included)' },
  'ticket.assigned': { schema: 'DeskTicketDto', what: 'a ticket was assigned or went back to the queue' },
  'ticket.escalated': { schema: 'DeskTicketDto', what: 'a ticket was escalated' },
  'ticket.merged': { schema: 'DeskTicketDto', what: 'a ticket was merged into another: `data` is the merged (closed) ticket, `data.mergedIntoId` the ticket it went into' },
  'ticket.sla_breached': { schema: 'DeskTicketDto', what: 'a service-level target of a ticket was missed' },
  'message.created': { schema: 'WebhookMessageDto', what: 'a customer message or a staff reply (never an internal note)' },
  'feedback.created': { schema: 'WebhookFeedbackDto', what: 'the customer rated a resolved or closed ticket' },
};

const HEADER = (name: string, description: string, example: string): Json => ({ name, in: 'header', required: true, description, schema: { type: 'string' }, example });

/**
 * The deliveries (SPEC 7.6) as OpenAPI 3.1 `webhooks`: one per event type, its JSON body
 * `{type, timestamp, data}` and the Standard Webhooks headers.
 */
export function webhookDocs(): Json {
  const webhooks: Json = {};
  for (const type of WEBHOOK_EVENTS) {
    const { schema, what } = DATA_OF[type];
    webhooks[type] = {
      post: {
        operationId: `webhook_${type.replace('.', '_')}`,
        summary: `${type}: ${what}`,
        description: 'Sent to the endpoints subscribed to this event, signed per Standard Webhooks; answer 2xx within 10 s, else it is retried (410 disables the endpoint).',
        tags: ['desk'],
        parameters: [
          HEADER('webhook-id', 'One per event, the same on every retry (deduplicate on it)', 'evt_1234'),
          HEADER('webhook-timestamp', 'Unix seconds of this attempt', '1767225600'),
          HEADER('webhook-signature', '`v1,` + base64 HMAC-SHA256 of `id.timestamp.body`; two, space-separated, while a rotated secret still signs', 'v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4='),
        ],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['type', 'timestamp', 'data'],
                properties: {
                  type: { type: 'string', const: type },
                  timestamp: { type: 'string', format: 'date-time', description: 'When the event happened' },
                  data: { $ref: `#/components/schemas/${schema}` },
                },
              },
            },
          },
        },
        responses: { '200': { description: 'Any 2xx: delivered' }, '410': { description: 'Gone: the endpoint is disabled' } },
        security: [],
      },
    };
  }
  return webhooks;
}
