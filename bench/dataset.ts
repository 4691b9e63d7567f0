/**
 * The shape of the benchmark's dataset, shared by the seeder (which writes it
 * with SQL) and the scenarios (which need valid ids without asking the
 * database for each request). Everything is derived from the ticket count.
 *
 * Users: admins 1-2, approved agents 3..(2 + AGENTS), two unapproved agents
 * after them, customers from CUSTOMER_BASE on. Customer number `c`
 * (0-based) has user id CUSTOMER_BASE + c and owns, in every reference
 * table, the ids 1 + c + k·customers (k = 0 .. per-customer count - 1):
 * munch orders, rides, bookings and (after the munch ones) mtables orders.
 */
export const ADMINS = 2;
export const AGENTS = 40;
export const UNAPPROVED_AGENTS = 2;
export const CUSTOMER_BASE = 1001;
/** Roughly a customer per 20 tickets, but never fewer than the socket clients of the event scenario. */
export const MIN_CUSTOMERS = 1000;

export const MUNCH_ORDERS_PER_CUSTOMER = 4;
export const MTABLES_ORDERS_PER_CUSTOMER = 2;
export const RIDES_PER_CUSTOMER = 3;
export const BOOKINGS_PER_CUSTOMER = 2;

export interface Dataset {
  tickets: number;
  customers: number;
}

export function datasetFor(tickets: number): Dataset {
  return { tickets, customers: Math.max(MIN_CUSTOMERS, Math.ceil(tickets / 20)) };
}

export const adminId = (n: number) => 1 + (n % ADMINS);
export const agentId = (n: number) => 1 + ADMINS + (n % AGENTS);
export const customerId = (c: number) => CUSTOMER_BASE + c;

/** The first munch order, ride and booking of customer `c` (ids of the other ones: + k·customers). */
export const munchOrderOf = (c: number) => 1 + c;
export const rideOf = (c: number) => 1 + c;
export const bookingOf = (c: number) => 1 + c;
export const mtablesOrderOf = (d: Dataset, c: number) => d.customers * MUNCH_ORDERS_PER_CUSTOMER + 1 + c;

/**
 * Words of subjects, descriptions and messages. The seeder draws them with a
 * skewed distribution (the first ones are the most frequent), so a search
 * for a word near the start matches many tickets and one near the end few.
 */
export const WORDS = (
  'the order was late and cold please refund my payment driver never arrived charged twice wrong item missing ' +
  'table booking cancelled restaurant waited hour pizza burger sushi salad drink receipt card app crashed ' +
  'account login password reset voucher discount promo code expired delivery address changed rider rude ' +
  'spilled damaged packaging allergy vegan gluten portion small price higher menu reservation confirmed ' +
  'venue closed event tickets seats upgrade downgrade invoice vat company business trip airport luggage ' +
  'ride route longer detour surge fare estimate tip rating support agent chat email phone call back ' +
  'urgent birthday anniversary dinner lunch breakfast coffee dessert cake flowers gift wrapping note ' +
  'instructions doorbell apartment building floor elevator parking gate code neighbour left outside ' +
  'raining soggy fries missing sauce extra cheese onion pepper spicy mild chicken beef fish noodles ' +
  'curry rice bread soup tea juice water bottle glass broken crushed leaking smelled strange hair plastic ' +
  'refunded credited wallet balance points reward loyalty tier gold silver bronze member subscription ' +
  'renewal cancelled charged unknown merchant fraud stolen blocked verification identity document selfie'
).split(' ');

/** Queries of the search scenario: a frequent word, two words, a rare word. */
export const SEARCH_TERMS = ['refund', 'driver late', 'selfie'];
