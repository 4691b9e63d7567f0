import { randomInt } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
export const TICKET_NUMBER_PATTERN = /^TKT-\d{6}-[A-Z0-9]{6}$/;

/**
 * `TKT-` + 6 digits + `-` + 6 upper-case letters/digits, all from the crypto
 * random source: about 2·10^15 values, unrelated to the ticket id (not guessable,
 * never reused: a unique index guards it and creation retries on a collision).
 */
export function newTicketNumber(): string {
  const digits = String(randomInt(0, 1_000_000)).padStart(6, '0');
  let suffix = '';
  for (let i = 0; i < 6; i++) suffix += ALPHABET[randomInt(0, ALPHABET.length)];
  return `TKT-${digits}-${suffix}`;
}
