import { FormEvent, useState } from 'react';
import { request } from './api';
import { Busy, Outcome, useAction, useLoad, when } from './ui';
import { WEBHOOK_EVENTS } from '../../../libs/webhooks/src/webhook-vocabulary';

interface WebhookEndpoint {
  id: number;
  url: string;
  events: string[];
  active: boolean;
  description: string | null;
  disabledReason: 'gone' | 'failing' | null;
  previousSecretExpiresAt: string | null;
}

interface WebhookDelivery {
  id: number;
  eventId: string;
  type: string;
  status: 'pending' | 'succeeded' | 'failed';
  attempts: number;
  lastResponseStatus: number | null;
  lastError: string | null;
  nextAttemptAt: string | null;
  createdAt: string;
}

const webhooks = {
  list: () => request<{ data: WebhookEndpoint[] }>('GET', '/api/desk/webhooks').then((r) => r.data),
  create: (body: { url: string; events: string[]; description?: string }) => request<WebhookEndpoint & { secret: string }>('POST', '/api/desk/webhooks', body),
  setActive: (id: number, active: boolean) => request<WebhookEndpoint>('PATCH', `/api/desk/webhooks/${id}`, { active }),
  rotate: (id: number) => request<WebhookEndpoint & { secret: string }>('POST', `/api/desk/webhooks/${id}/rotate-secret`),
  deliveries: (id: number) => request<{ data: WebhookDelivery[] }>('GET', `/api/desk/webhooks/${id}/deliveries?limit=50`).then((r) => r.data),
  retry: (id: number, deliveryId: number) => request<WebhookDelivery>('POST', `/api/desk/webhooks/${id}/deliveries/${deliveryId}/retry`),
};

/** Admins: webhook endpoints (the secret is shown once, on creation or rotation), pausing, and each endpoint's delivery log. */
export function Webhooks() {
  const list = useLoad(() => webhooks.list(), []);
  const [secret, setSecret] = useState<{ url: string; secret: string } | null>(null);
  const [selected, setSelected] = useState<number | null>(null);
  return (
    <div className="admin">
      <section className="panel" aria-labelledby="webhooks-title">
        <div className="section-head">
          <h2 id="webhooks-title">Webhook endpoints</h2>
          <Busy when={list.loading}>Loading</Busy>
        </div>
        <Outcome error={list.error} />
        {secret && (
          <div className="done" role="status" data-testid="webhook-secret">
            Signing secret for {secret.url} — copy it now, it will not be shown again: <code>{secret.secret}</code>{' '}
            <button type="button" className="secondary small" onClick={() => setSecret(null)}>
              I saved it
            </button>
          </div>
        )}
        {list.data?.length === 0 && <p className="empty">No webhook endpoints yet.</p>}
        {list.data && list.data.length > 0 && (
          <ul className="agents" data-testid="webhook-endpoints">
            {list.data.map((endpoint) => (
              <Endpoint
                key={endpoint.id}
                endpoint={endpoint}
                onSecret={(value) => setSecret({ url: endpoint.url, secret: value })}
                onChanged={list.reload}
                onShowLog={() => setSelected(endpoint.id)}
              />
            ))}
          </ul>
        )}
        <NewEndpoint
          onCreated={async (created) => {
            setSecret({ url: created.url, secret: created.secret });
            await list.reload();
          }}
        />
      </section>
      {selected !== null && <DeliveryLog key={selected} endpointId={selected} />}
    </div>
  );
}

function Endpoint({ endpoint, onSecret, onChanged, onShowLog }: { endpoint: WebhookEndpoint; onSecret: (secret: string) => void; onChanged: () => Promise<void>; onShowLog: () => void }) {
  const action = useAction();
  const state = endpoint.active ? 'active' : endpoint.disabledReason ? `disabled (${endpoint.disabledReason === 'gone' ? 'the receiver answered 410 Gone' : 'failing for 3 days'})` : 'paused';
  return (
    <li data-testid={`webhook-${endpoint.id}`}>
      <strong>{endpoint.url}</strong> <span className="muted">{state}</span>
      <div className="muted small">
        {endpoint.events.join(', ')}
        {endpoint.description ? ` — ${endpoint.description}` : ''}
        {endpoint.previousSecretExpiresAt ? ` — the previous secret signs until ${when(endpoint.previousSecretExpiresAt)}` : ''}
      </div>
      <button
        type="button"
        className="secondary small"
        disabled={action.pending}
        onClick={() => void action.run(async () => (await webhooks.setActive(endpoint.id, !endpoint.active), await onChanged(), endpoint.active ? 'Paused' : 'Turned on'))}
      >
        {endpoint.active ? 'Pause' : 'Turn on'}
      </button>{' '}
      <button
        type="button"
        className="secondary small"
        disabled={action.pending}
        onClick={() =>
          void action.run(async () => {
            const rotated = await webhooks.rotate(endpoint.id);
            onSecret(rotated.secret);
            await onChanged();
          })
        }
      >
        Rotate secret
      </button>{' '}
      <button type="button" className="secondary small" onClick={onShowLog}>
        Delivery log
      </button>
      <Outcome error={action.error} done={action.done} />
    </li>
  );
}

function NewEndpoint({ onCreated }: { onCreated: (created: WebhookEndpoint & { secret: string }) => Promise<void> }) {
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [events, setEvents] = useState<string[]>(['ticket.created']);
  const create = useAction();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void create.run(async () => {
      const created = await webhooks.create({ url, events, ...(description ? { description } : {}) });
      setUrl('');
      setDescription('');
      await onCreated(created);
    });
  };
  return (
    <form onSubmit={submit} aria-labelledby="new-webhook-title" className="stack">
      <h3 id="new-webhook-title">Add an endpoint</h3>
      <label>
        URL <input type="url" required value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://partner.example.com/hooks" />
      </label>
      <label>
        Description <input value={description} onChange={(e) => setDescription(e.target.value)} />
      </label>
      <fieldset>
        <legend>Events</legend>
        {WEBHOOK_EVENTS.map((event) => (
          <label key={event} className="inline">
            <input type="checkbox" checked={events.includes(event)} onChange={(e) => setEvents(e.target.checked ? [...events, event] : events.filter((x) => x !== event))} /> {event}
          </label>
        ))}
      </fieldset>
      <button type="submit" disabled={create.pending}>
        Add endpoint
      </button>
      <Outcome error={create.error} />
    </form>
  );
}

function DeliveryLog({ endpointId }: { endpointId: number }) {
  const log = useLoad(() => webhooks.deliveries(endpointId), [endpointId]);
  const retry = useAction();
  return (
    <section className="panel" aria-labelledby="deliveries-title">
      <div className="section-head">
        <h2 id="deliveries-title">Deliveries of endpoint {endpointId}</h2>
        <Busy when={log.loading}>Loading</Busy>
        <button type="button" className="secondary small" onClick={() => void log.reload()} disabled={log.loading}>
          Refresh
        </button>
      </div>
      <Outcome error={log.error ?? retry.error} done={retry.done} />
      {log.data?.length === 0 && <p className="empty">No deliveries in the last 30 days.</p>}
      {log.data && log.data.length > 0 && (
        <table data-testid="webhook-deliveries">
          <thead>
            <tr>
              <th>Event</th>
              <th>Status</th>
              <th>Attempts</th>
              <th>Last answer</th>
              <th>Next attempt</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {log.data.map((d) => (
              <tr key={d.id} data-testid={`delivery-${d.id}`}>
                <td>
                  {d.type} <span className="muted small">{d.eventId}</span>
                </td>
                <td>{d.status}</td>
                <td>{d.attempts}</td>
                <td>{d.lastError ?? (d.lastResponseStatus === null ? '—' : `HTTP ${d.lastResponseStatus}`)}</td>
                <td>{when(d.nextAttemptAt)}</td>
                <td>
                  <button
                    type="button"
                    className="secondary small"
                    disabled={retry.pending}
                    onClick={() => void retry.run(async () => (await webhooks.retry(endpointId, d.id), await log.reload(), `Delivery ${d.id} is being retried`))}
                  >
                    Retry
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
