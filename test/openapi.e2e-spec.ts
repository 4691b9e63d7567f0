import { readFileSync } from 'node:fs';
import { useTestApp } from './support/harness';
import { HttpClient } from './support/http';
import { OPENAPI_FILE, OpenApiResponseValidator } from './support/openapi-validator';

/** docs/openapi.json is the service's own document, and what every e2e response is checked against. */
describe('OpenAPI document', () => {
  const { app, factories } = useTestApp();

  it('docs/openapi.json is the document the service serves (else: npm run openapi, and commit it)', async () => {
    const served = (await app.http.get('/docs-json')).body;
    const committed = JSON.parse(readFileSync(OPENAPI_FILE, 'utf8'));
    if (JSON.stringify(served) !== JSON.stringify(committed)) {
      throw new Error('docs/openapi.json is stale: run `npm run openapi` and commit docs/openapi.json');
    }
    expect(committed.openapi).toBe('3.1.0');
  });

  describe('the response validator of the e2e HTTP client', () => {
    const committed = () => JSON.parse(readFileSync(OPENAPI_FILE, 'utf8'));

    it('passes a real response that matches, and names route, status and field when a schema is wrong', async () => {
      const customer = await factories.customer();
      const ticket = async (client: HttpClient) =>
        client.post('/api/customer/mtxi/support', { serviceType: 'ride', issueType: 'PAYMENT_ISSUE', description: 'Payment was charged twice', rideId: (await factories.ride(customer.user.id)).id }, { token: customer.token });
      const created = await ticket(app.http);
      expect(created.status).toBe(200);

      // The same document with one deliberate mistake: ticketNumber declared an integer.
      const wrong = committed();
      wrong.components.schemas.MtxiCreatedDto.properties.ticketNumber = { type: 'integer' };
      const strict = new HttpClient(app.url, { validator: new OpenApiResponseValidator(wrong) });
      const error = await ticket(strict).then(
        () => null,
        (e: Error) => e,
      );
      expect(error?.message).toContain('POST /api/customer/mtxi/support → 200: body.data.ticketNumber: must be integer');
    });

    it('fails on a status the document does not list for the operation', () => {
      const doc = committed();
      delete doc.paths['/api/support/faq/'].get.responses['200'];
      const problems = new OpenApiResponseValidator(doc).problems({ method: 'GET', path: '/api/support/faq?category=Late', status: 200, contentType: 'application/json', text: '[]', body: [] });
      expect(problems).toEqual([expect.stringContaining('GET /api/support/faq/ → 200: status 200 is not documented')]);
    });

    it('lets a nullable object be null, and nothing else that is not the object (the OpenAPI 3.0 `nullable` + allOf trap)', () => {
      const validator = new OpenApiResponseValidator(committed());
      const data = { ticketId: 1, ticketNumber: 'TKT-123456-ABCDEF', serviceType: 'ride', issueType: 'PAYMENT_ISSUE', status: 'OPEN', priority: 'MEDIUM', description: 'Payment was charged twice', groupCustomerIds: [], createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z', ride: null, order: null, booking: null };
      const track = (body: unknown) => validator.problems({ method: 'GET', path: '/api/customer/mtxi/support/1', status: 200, contentType: 'application/json; charset=utf-8', text: JSON.stringify(body), body });
      expect(track({ status: 'success', message: 'Ticket status retrieved', data })).toEqual([]);
      expect(track({ status: 'success', message: 'Ticket status retrieved', data: { ...data, order: 'ORD-1' } }).join('\n')).toContain('GET /api/customer/mtxi/support/{ticketId} → 200: body.data.order');
    });

    it('matches seed 004 paths with and without their trailing slash, and leaves undocumented paths alone', () => {
      const validator = new OpenApiResponseValidator(committed());
      const faq = { method: 'GET', status: 200, contentType: 'application/json', text: '[{}]', body: [{ id: 1 }] };
      expect(validator.problems({ ...faq, path: '/api/support/faq' })).not.toEqual([]);
      expect(validator.problems({ ...faq, path: '/api/support/faq/' })).not.toEqual([]);
      expect(validator.problems({ ...faq, path: '/console/index.html' })).toEqual([]);
    });
  });
});
