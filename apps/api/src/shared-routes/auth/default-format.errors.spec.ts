import { DomainErrorCode } from '@mm/core';
import { defaultFormatErrorRenderer } from './default-format.errors';

describe('default format error renderer (auth, integrations)', () => {
  const domain = (domainCode: DomainErrorCode, message: string) => defaultFormatErrorRenderer.render({ kind: 'domain', status: 400, message, domainCode });

  it('renders a taken email like an invalid field', () => {
    expect(domain(DomainErrorCode.EmailTaken, 'A user with this email already exists.')).toEqual({
      status: 400,
      body: { error: 'Validation failed', errors: { email: ['A user with this email already exists.'] } },
    });
  });

  it('renders each domain error at its natural status with the message only', () => {
    expect(domain(DomainErrorCode.CustomerNotFound, 'Customer not found')).toEqual({ status: 404, body: { error: 'Customer not found' } });
    expect(domain(DomainErrorCode.UserNotCustomer, 'User 3 is a staff account, not a customer')).toEqual({ status: 409, body: { error: 'User 3 is a staff account, not a customer' } });
    for (const code of Object.values(DomainErrorCode)) expect([400, 401, 403, 404, 409]).toContain(domain(code, 'x').status);
  });

  it('leaves everything else to the default renderer', () => {
    expect(defaultFormatErrorRenderer.render({ kind: 'unauthorized', status: 401, message: 'Invalid credentials' })).toEqual({ status: 401, body: { error: 'Invalid credentials' } });
    expect(defaultFormatErrorRenderer.render({ kind: 'validation', status: 400, message: 'Validation failed', fields: { name: ['name should not be empty'] } })).toEqual({
      status: 400,
      body: { error: 'Validation failed', errors: { name: ['name should not be empty'] } },
    });
  });
});
