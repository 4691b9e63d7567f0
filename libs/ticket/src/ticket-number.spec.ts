import { newTicketNumber, TICKET_NUMBER_PATTERN } from './ticket-number';

describe('ticket numbers', () => {
  it('look like TKT-123456-ABCDEF', () => {
    for (let i = 0; i < 1000; i++) expect(newTicketNumber()).toMatch(TICKET_NUMBER_PATTERN);
  });

  it('are random: no repeats in 10 000 draws', () => {
    const numbers = new Set(Array.from({ length: 10_000 }, newTicketNumber));
    expect(numbers.size).toBe(10_000);
  });
});
