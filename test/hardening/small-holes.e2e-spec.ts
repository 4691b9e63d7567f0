import { request as httpRequest } from 'node:http';
import { ModulesContainer } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { Person, uniqueId } from '../support/factories';
import { useTestApp } from '../support/harness';
import { startTestApp } from '../support/test-app';
import { routesOf } from './authz-matrix';
import { expectSurfaceError } from './support/surfaces';

/**
 * A message of emoji is sent (its preview is cut on code
 * points), a path id is an id only written the canonical decimal way, and the
 * helpdesk page links never come from the Host header.
 */
describe('small holes: emoji previews, path id forms, page links', () => {
  const { app, factories, desk, databaseUrl } = useTestApp({ ownDatabase: true, env: { OUTBOX_DISPATCH: 'false', RATE_LIMIT_ENABLED: 'false' } });
  let customer: Person;
  let agent: Person;
  let admin: Person;

  beforeAll(async () => {
    [customer, agent, admin] = [await factories.customer(), await factories.agent(), await factories.admin()];
  });

  const db = () => app.running.app.get(DataSource);

  it('sends a message of 100 emoji and keeps a preview of whole characters', async () => {
    const ticketId = await desk.createTicket(customer);
    const message = '😀'.repeat(100) + ' and 🎉'.repeat(10);
    const res = await desk.sendMessage(ticketId, customer, message);
    expect(res.status).toBe(201);
    const [event] = await db().query(`SELECT payload FROM outbox_events WHERE ticket_id = $1 AND type = 'message.created'`, [ticketId]);
    const preview: string = event.payload.data.preview;
    expect(Array.from(preview)).toHaveLength(140);
    expect(preview.endsWith('…')).toBe(true);
    expect(message.startsWith(preview.slice(0, -1))).toBe(true);
  });

  describe('path ids', () => {
    /** Every form `Number()` reads as `id` but that is not how an id is written. */
    const oddForms = (id: number) => [`0${id}`, `00${id}`, `+${id}`, `${id}.0`, `${id}e0`, `0x${id.toString(16)}`, `%20${id}`, `${id}%20`];

    interface IdRoute {
      method: string;
      /** `{id}` stands for the id. */
      path: string;
      token: () => string;
      id: () => Promise<number>;
      body?: () => unknown;
    }

    const serviceToken = () => factories.serviceToken();
    let pushed: number;
    const pushedCustomer = () => pushed;
    const ticketOf = async () => desk.assigned(await desk.createTicket(customer), agent);
    const ROUTES: Record<string, IdRoute> = {
      'GET /api/support-tickets/:ticket': { method: 'GET', path: '/api/support-tickets/{id}', token: () => customer.token, id: ticketOf },
      'GET /api/support-tickets/:ticket/messages': { method: 'GET', path: '/api/support-tickets/{id}/messages', token: () => customer.token, id: ticketOf },
      'POST /api/support-tickets/:ticket/messages': { method: 'POST', path: '/api/support-tickets/{id}/messages', token: () => customer.token, id: ticketOf, body: () => ({ message: 'Hello' }) },
      'PUT /api/support-messages/:message/read': {
        method: 'PUT',
        path: '/api/support-messages/{id}/read',
        token: () => customer.token,
        id: async () => {
          const ticketId = await ticketOf();
          return (await desk.sendMessage(ticketId, agent, 'A reply')).body.data.id;
        },
      },
      'POST /api/orders/:order/cancel': {
        method: 'POST',
        path: '/api/orders/{id}/cancel',
        token: () => customer.token,
        id: async () => (await factories.order(customer.user.id, 'munch', { status: 'pending' })).id,
        body: () => ({ reason: 'Changed my mind' }),
      },
      'GET /api/support/tickets/:ticket_id': { method: 'GET', path: '/api/support/tickets/{id}/', token: () => agent.token, id: ticketOf },
      'PUT /api/support/tickets/:ticket_id/update-status': { method: 'PUT', path: '/api/support/tickets/{id}/update-status/', token: () => agent.token, id: ticketOf, body: () => ({ status: 'On Hold' }) },
      'POST /api/support/tickets/:ticket_id/assign-self': { method: 'POST', path: '/api/support/tickets/{id}/assign-self/', token: () => agent.token, id: () => desk.createTicket(customer) },
      'POST /api/support/tickets/:ticket_id/reassign': { method: 'POST', path: '/api/support/tickets/{id}/reassign/', token: () => admin.token, id: ticketOf, body: () => ({ agent_id: String(agent.user.id) }) },
      'POST /api/support/tickets/:ticket_id/add-note': { method: 'POST', path: '/api/support/tickets/{id}/add-note/', token: () => agent.token, id: ticketOf, body: () => ({ note: 'Checked' }) },
      'POST /api/support/tickets/:ticket_id/feedback': {
        method: 'POST',
        path: '/api/support/tickets/{id}/feedback/',
        token: () => customer.token,
        id: async () => desk.resolved(await desk.createTicket(customer), agent),
        body: () => ({ rating: '4', comment: 'Fine' }),
      },
      'PUT /api/admin/faq/:faq_id': {
        method: 'PUT',
        path: '/api/admin/faq/{id}/',
        token: () => admin.token,
        id: async () => Number((await app.http.post('/api/admin/faq/', { question: 'Lost?', answer: 'Found.', category: 'Lost' }, { token: admin.token })).body.faq.id),
        body: () => ({ question: 'Lost?', answer: 'Found.', category: 'Lost' }),
      },
      'DELETE /api/admin/faq/:faq_id': {
        method: 'DELETE',
        path: '/api/admin/faq/{id}/',
        token: () => admin.token,
        id: async () => Number((await app.http.post('/api/admin/faq/', { question: 'Gone?', answer: 'Yes.', category: 'Lost' }, { token: admin.token })).body.faq.id),
      },
      'POST /api/admin/approve-agent/:agent_id': { method: 'POST', path: '/api/admin/approve-agent/{id}/', token: () => admin.token, id: async () => (await factories.unapprovedAgent()).user.id },
      'POST /api/admin/reject-agent/:agent_id': { method: 'POST', path: '/api/admin/reject-agent/{id}/', token: () => admin.token, id: async () => (await factories.unapprovedAgent()).user.id },
      'POST /api/admin/deactivate-agent/:agent_id': { method: 'POST', path: '/api/admin/deactivate-agent/{id}/', token: () => admin.token, id: async () => (await factories.agent()).user.id },
      'GET /api/customer/munch/support/ticket/:ticketId/status': { method: 'GET', path: '/api/customer/munch/support/ticket/{id}/status', token: () => customer.token, id: () => desk.createTicket(customer, 'munch') },
      'GET /api/customer/mtxi/support/:ticketId': { method: 'GET', path: '/api/customer/mtxi/support/{id}', token: () => customer.token, id: () => desk.createTicket(customer, 'mtxi') },
      'GET /api/customer/mtables/support/tickets/:ticketId': { method: 'GET', path: '/api/customer/mtables/support/tickets/{id}', token: () => customer.token, id: () => desk.createTicket(customer, 'mtables') },
      'POST /api/customer/mtables/support/tickets/:ticketId/escalate': { method: 'POST', path: '/api/customer/mtables/support/tickets/{id}/escalate', token: () => customer.token, id: () => desk.createTicket(customer, 'mtables') },
      'PATCH /api/notifications/:id/read': {
        method: 'PATCH',
        path: '/api/notifications/{id}/read',
        token: () => customer.token,
        id: async () => {
          const [row] = await db().query(
            `INSERT INTO notifications (user_id, outbox_event_id, kind, locale, title, body) VALUES ($1, $2, 'ticket_created', 'en', 'Ticket created', 'We got it') RETURNING id`,
            [customer.user.id, uniqueId()],
          );
          return Number(row.id);
        },
      },
      'PUT /api/integrations/customers/:id': { method: 'PUT', path: '/api/integrations/customers/{id}', token: serviceToken, id: async () => uniqueId(), body: () => ({ name: 'Pushed', email: `pushed-${uniqueId()}@example.test` }) },
      'PUT /api/integrations/rides/:id': {
        method: 'PUT',
        path: '/api/integrations/rides/{id}',
        token: serviceToken,
        id: async () => uniqueId(),
        body: () => ({ customerId: pushedCustomer(), pickupLocation: '1 Main St', dropoffLocation: '2 Elm St', status: 'completed' }),
      },
      'PUT /api/integrations/orders/:id': {
        method: 'PUT',
        path: '/api/integrations/orders/{id}',
        token: serviceToken,
        id: async () => uniqueId(),
        body: () => ({ customerId: pushedCustomer(), orderNumber: `ORD-${uniqueId()}`, vertical: 'munch', status: 'pending' }),
      },
      'PUT /api/integrations/bookings/:id': {
        method: 'PUT',
        path: '/api/integrations/bookings/{id}',
        token: serviceToken,
        id: async () => uniqueId(),
        body: () => ({ customerId: pushedCustomer(), bookingNumber: `BKG-${uniqueId()}`, status: 'confirmed' }),
      },
    };

    beforeAll(async () => {
      pushed = uniqueId();
      const res = await app.http.put(`/api/integrations/customers/${pushed}`, { name: 'Pushed', email: `pushed-${pushed}@example.test` }, { token: serviceToken() });
      expect(res.status).toBe(200);
    });

    /** Desk routes share one id pipe: each is proven to refuse the odd forms of every id in its path (as an admin). */
    const deskRoutesWithIds = () =>
      routesOf(app.running.app.get(ModulesContainer)).filter((route) => route.path.includes('/:') && route.path.startsWith('/api/desk/'));

    it('covers every route that takes an id in its path', () => {
      const withIds = routesOf(app.running.app.get(ModulesContainer))
        .filter((route) => route.path.includes('/:') && !route.path.startsWith('/api/desk/'))
        .map((route) => route.key);
      expect(Object.keys(ROUTES).sort()).toEqual(withIds.sort());
      expect(deskRoutesWithIds().length).toBeGreaterThan(0);
    });

    it('desk routes refuse the odd forms of every id in their path with 400 naming it, in the desk format', async () => {
      for (const route of deskRoutesWithIds()) {
        for (const form of oddForms(16)) {
          const params = [...route.path.matchAll(/:(\w+)/g)].map((m) => m[1]);
          for (const odd of params) {
            const path = route.path.replace(/:(\w+)/g, (_, name: string) => (name === odd ? form : '1'));
            const res = await app.http.request(route.method, path, route.method === 'GET' || route.method === 'DELETE' ? undefined : {}, { token: admin.token });
            expect({ route: route.key, path, status: res.status }).toEqual({ route: route.key, path, status: 400 });
            expectSurfaceError(path, res);
            expect({ path, errors: Object.keys(res.body.errors ?? {}) }).toEqual({ path, errors: [odd] });
          }
        }
      }
    });

    it.each(Object.keys(ROUTES))('%s: takes only the canonical decimal id, refusing the other forms in its own format', async (key) => {
      const route = ROUTES[key];
      for (const form of oddForms(await route.id())) {
        const path = route.path.replace('{id}', form);
        const res = await app.http.request(route.method, path, route.body?.(), { token: route.token() });
        expect({ path, refused: res.status >= 400 && res.status < 500 }).toEqual({ path, refused: true });
        expectSurfaceError(path, res);
      }
      const id = await route.id();
      const res = await app.http.request(route.method, route.path.replace('{id}', String(id)), route.body?.(), { token: route.token() });
      expect({ succeeded: res.status >= 200 && res.status < 300, body: res.body }).toEqual({ succeeded: true, body: res.body });
    });
  });

  describe('helpdesk page links', () => {
    /** fetch() will not send another Host header; node:http will. */
    function getWithHost(base: string, path: string, host: string): Promise<{ status: number; body: any }> {
      return new Promise((resolve, reject) => {
        const request = httpRequest(`${base}${path}`, { headers: { host, 'x-forwarded-host': host, authorization: `Bearer ${customer.token}` } }, (response) => {
          let text = '';
          response.on('data', (chunk) => (text += chunk));
          response.on('end', () => resolve({ status: response.statusCode!, body: JSON.parse(text) }));
        });
        request.on('error', reject);
        request.end();
      });
    }

    it('builds them from PUBLIC_BASE_URL, whatever the Host header says', async () => {
      const configured = await startTestApp({ DATABASE_URL: databaseUrl(), PUBLIC_BASE_URL: 'https://support.example.com/', RATE_LIMIT_ENABLED: 'false' });
      try {
        const res = await getWithHost(configured.url, '/api/support-tickets?per_page=1&status=open', 'evil.example');
        expect(res.status).toBe(200);
        expect(res.body.data.path).toBe('https://support.example.com/api/support-tickets');
        expect(res.body.data.first_page_url).toBe('https://support.example.com/api/support-tickets?per_page=1&status=open&page=1');
        expect(JSON.stringify(res.body)).not.toContain('evil.example');
      } finally {
        await configured.close();
      }
    });

    it('makes them relative when no public base URL is configured', async () => {
      const res = await getWithHost(app.url, '/api/support-tickets?per_page=1', 'evil.example');
      expect(res.status).toBe(200);
      expect(res.body.data.path).toBe('/api/support-tickets');
      expect(res.body.data.first_page_url).toBe('/api/support-tickets?per_page=1&page=1');
    });
  });
});
