import { Client } from 'pg';
import {
  ADMINS,
  AGENTS,
  BOOKINGS_PER_CUSTOMER,
  CUSTOMER_BASE,
  Dataset,
  MTABLES_ORDERS_PER_CUSTOMER,
  MUNCH_ORDERS_PER_CUSTOMER,
  RIDES_PER_CUSTOMER,
  UNAPPROVED_AGENTS,
  WORDS,
} from './dataset';

/** Tables whose secondary indexes are dropped while loading and rebuilt after (much faster than maintaining them row by row). */
const BULK_TABLES = ['users', 'orders', 'rides', 'bookings', 'tickets', 'ticket_messages', 'ticket_history', 'outbox_events'];
/** Kept while loading: filling the search vectors reads each ticket's messages through it. */
const KEPT_INDEXES = ['ix_ticket_messages_ticket'];

/**
 * `count` words drawn from WORDS, skewed towards the start of the list
 * (power 2.5: the first words are in about one draw in a hundred, the last
 * ones in one in a thousand). `seedSql` must reference the outer row so
 * PostgreSQL draws per row instead of once.
 */
const words = (countSql: string) =>
  `(SELECT string_agg(($1::text[])[1 + floor(${WORDS.length} * power(random(), 2.5))::int], ' ') FROM generate_series(1, ${countSql}))`;

/**
 * Fills a migrated, empty database with `dataset` in a few statements
 * (INSERT ... SELECT generate_series), then rebuilds the indexes and runs
 * VACUUM ANALYZE, as a long-lived database would be, and a CHECKPOINT:
 * otherwise the server's first timed checkpoint writes the gigabytes the
 * load dirtied while the scenarios run, which no steady traffic would have
 * left behind. Deterministic (setseed), so two runs of one size measure the
 * same data.
 */
export async function seed(url: string, dataset: Dataset, log: (line: string) => void): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  const step = async (label: string, sql: string, params: unknown[] = []) => {
    const started = Date.now();
    const result = await client.query(sql, params);
    log(`  ${label}: ${result.rowCount ?? 0} rows, ${((Date.now() - started) / 1000).toFixed(1)} s`);
  };
  const N = dataset.tickets;
  const C = dataset.customers;
  try {
    await client.query(`SET synchronous_commit = off; SET maintenance_work_mem = '512MB'; SET work_mem = '64MB'`);
    // Foreign keys are consistent by construction; skipping their triggers halves the load time (superuser only).
    await client.query('SET session_replication_role = replica').catch(() => log('  (not a superuser: foreign keys are checked while loading)'));
    await client.query('SELECT setseed(0.42)');

    const indexes = await client.query<{ name: string; def: string }>(
      `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS def
       FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid
       WHERE t.relname = ANY($1) AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
         AND NOT i.indexrelid::regclass::text = ANY($2)`,
      [BULK_TABLES, KEPT_INDEXES],
    );
    for (const index of indexes.rows) await client.query(`DROP INDEX ${index.name}`);

    await step(
      'users',
      `INSERT INTO users (id, email, name, role, approved_at, locale)
       SELECT n, 'admin' || n || '@bench.test', 'Admin ' || n, 'admin', NULL, 'en' FROM generate_series(1, ${ADMINS}) n
       UNION ALL SELECT ${ADMINS} + n, 'agent' || n || '@bench.test', 'Agent ' || n, 'agent', now() - interval '300 days', 'en' FROM generate_series(1, ${AGENTS}) n
       UNION ALL SELECT ${ADMINS + AGENTS} + n, 'waiting' || n || '@bench.test', 'Waiting agent ' || n, 'agent', NULL, 'en' FROM generate_series(1, ${UNAPPROVED_AGENTS}) n
       UNION ALL SELECT ${CUSTOMER_BASE} + c, 'customer' || c || '@bench.test', 'Customer ' || c, 'customer', NULL, (ARRAY['en', 'en', 'en', 'fr', 'es'])[1 + c % 5]
         FROM generate_series(0, ${C - 1}) c`,
    );
    await client.query(`SELECT setval(pg_get_serial_sequence('users', 'id'), ${CUSTOMER_BASE + C})`);

    const munchOrders = C * MUNCH_ORDERS_PER_CUSTOMER;
    await step(
      'orders',
      `INSERT INTO orders (id, customer_id, order_number, vertical, status, total_minor, currency)
       SELECT k, ${CUSTOMER_BASE} + (k - 1) % ${C}, 'ORD-2026-' || lpad(k::text, 7, '0'),
              CASE WHEN k <= ${munchOrders} THEN 'munch' ELSE 'mtables' END,
              CASE WHEN random() < 0.9 THEN 'delivered' WHEN random() < 0.5 THEN 'cancelled' ELSE 'confirmed' END,
              (500 + random() * 6000)::int, 'USD'
       FROM generate_series(1, ${munchOrders + C * MTABLES_ORDERS_PER_CUSTOMER}) k`,
    );
    await step(
      'rides',
      `INSERT INTO rides (id, customer_id, pickup_location, dropoff_location, status)
       SELECT k, ${CUSTOMER_BASE} + (k - 1) % ${C}, k || ' Main St', k || ' Elm St', 'completed' FROM generate_series(1, ${C * RIDES_PER_CUSTOMER}) k`,
    );
    await step(
      'bookings',
      `INSERT INTO bookings (id, customer_id, booking_number, status, venue_name, starts_at)
       SELECT k, ${CUSTOMER_BASE} + (k - 1) % ${C}, 'BKG-' || k, 'confirmed', 'Venue ' || (k % 500), now() - (k % 700) * interval '1 day'
       FROM generate_series(1, ${C * BOOKINGS_PER_CUSTOMER}) k`,
    );

    // Tickets over the last two years, ids in creation order. The newest 5 % are
    // mostly being worked on, the next 10 % partly, the rest resolved or closed.
    // About 60 % are assigned (all in progress; a few new ones; most finished ones).
    await step(
      'tickets',
      `INSERT INTO tickets (id, ticket_number, origin, service_type, customer_id, subject, description, category, status, priority,
                            escalation_level, assignee_id, ride_id, order_id, booking_id, message_count, is_customer_read, is_admin_read,
                            last_replied_at, last_replied_by, resolved_at, closed_at, created_at, updated_at, search_vector)
       SELECT i, 'TKT-' || lpad((i % 1000000)::text, 6, '0') || '-' || upper(substr(md5(i::text), 1, 6)),
              origin, service_type, ${CUSTOMER_BASE} + c,
              CASE WHEN origin IN ('helpdesk', 'console') THEN initcap(${words('3 + i % 4')})
                   ELSE initcap(replace(category, '_', ' ')) || ' — ' || concat_ws(', ',
                          'ride ' || ride_id, 'order ORD-2026-' || lpad(order_id::text, 7, '0'), 'booking BKG-' || booking_id) END,
              ${words('8 + i % 13')}, category, status, priority, CASE WHEN status = 'escalated' THEN 1 ELSE 0 END,
              assignee_id, ride_id, order_id, booking_id, messages,
              NOT (unread_last AND messages % 2 = 0), NOT ((unread_last AND messages % 2 = 1) OR (messages = 0 AND status = 'open')),
              CASE WHEN messages >= 2 THEN created_at + (messages - messages % 2) * interval '37 minutes' END,
              CASE WHEN messages >= 2 THEN COALESCE(assignee_id, 1) END,
              CASE WHEN status IN ('resolved', 'closed') THEN created_at + interval '5 hours' END,
              CASE WHEN status = 'closed' THEN created_at + interval '3 days' END,
              created_at,
              CASE WHEN status = 'closed' THEN created_at + interval '3 days' WHEN status = 'resolved' THEN created_at + interval '5 hours'
                   ELSE created_at + messages * interval '37 minutes' END,
              ''::tsvector
       FROM (
         SELECT *, CASE WHEN status = 'escalated' THEN CASE WHEN r_priority < 0.6 THEN 'high' ELSE 'urgent' END
                        ELSE CASE WHEN r_priority < 0.30 THEN 'low' WHEN r_priority < 0.75 THEN 'medium' WHEN r_priority < 0.95 THEN 'high' ELSE 'urgent' END END AS priority,
                   CASE WHEN CASE status WHEN 'open' THEN r_assign < 0.10 WHEN 'in_progress' THEN true WHEN 'on_hold' THEN true
                                         WHEN 'escalated' THEN r_assign < 0.5 ELSE r_assign < 0.62 END
                        THEN ${ADMINS + 1} + floor(r_agent * ${AGENTS})::int END AS assignee_id,
                   CASE WHEN origin = 'mtxi' AND service_type = 'ride' THEN 1 + c + floor(r_ref * ${RIDES_PER_CUSTOMER})::int * ${C} END AS ride_id,
                   CASE WHEN origin IN ('munch', 'console') OR (origin = 'helpdesk' AND r_kind < 0.3) OR (origin = 'mtxi' AND service_type = 'order')
                          THEN 1 + c + floor(r_ref * ${MUNCH_ORDERS_PER_CUSTOMER})::int * ${C}
                        WHEN (origin = 'mtables' AND r_kind >= 0.7) OR service_type = 'in_dining_order'
                          THEN ${munchOrders} + 1 + c + floor(r_ref * ${MTABLES_ORDERS_PER_CUSTOMER})::int * ${C} END AS order_id,
                   CASE WHEN (origin = 'mtables' AND r_kind < 0.7) OR service_type IN ('booking', 'event_service')
                          THEN 1 + c + floor(r_ref * ${BOOKINGS_PER_CUSTOMER})::int * ${C} END AS booking_id,
                   status NOT IN ('resolved', 'closed') AND r_unread < 0.5 AND messages > 0 AS unread_last
         FROM (
           SELECT *, CASE WHEN age < 0.05 THEN CASE WHEN r_status < 0.35 THEN 'open' WHEN r_status < 0.65 THEN 'in_progress'
                                                    WHEN r_status < 0.75 THEN 'on_hold' WHEN r_status < 0.80 THEN 'escalated' ELSE 'resolved' END
                          WHEN age < 0.15 THEN CASE WHEN r_status < 0.08 THEN 'in_progress' WHEN r_status < 0.13 THEN 'on_hold'
                                                    WHEN r_status < 0.53 THEN 'resolved' ELSE 'closed' END
                          ELSE CASE WHEN r_status < 0.05 THEN 'resolved' ELSE 'closed' END END AS status,
                     CASE WHEN origin = 'mtxi' THEN CASE WHEN r_kind < 0.60 THEN 'ride' WHEN r_kind < 0.85 THEN 'order' WHEN r_kind < 0.95 THEN 'booking'
                                                         WHEN r_kind < 0.98 THEN 'event_service' ELSE 'in_dining_order' END END AS service_type,
                     CASE origin WHEN 'helpdesk' THEN (ARRAY['technical', 'billing', 'order', 'product', 'account', 'other'])[1 + floor(r_category * 6)::int]
                                 WHEN 'console' THEN (ARRAY['damaged', 'lost', 'late', 'quality', 'other'])[1 + floor(r_category * 5)::int]
                                 ELSE (ARRAY['payment_issue', 'service_quality', 'cancellation', 'delivery_issue', 'booking_issue', 'other'])[1 + floor(r_category * 6)::int] END AS category
           FROM (
             SELECT i, floor(random() * ${C})::int AS c, (${N} - i)::float8 / ${N} AS age,
                    CASE WHEN r_origin < 0.30 THEN 'munch' WHEN r_origin < 0.60 THEN 'mtxi' WHEN r_origin < 0.75 THEN 'mtables'
                         WHEN r_origin < 0.95 THEN 'helpdesk' ELSE 'console' END AS origin,
                    random() AS r_kind, random() AS r_status, random() AS r_priority, random() AS r_category, random() AS r_assign,
                    random() AS r_agent, random() AS r_ref, random() AS r_unread, floor(random() * 5)::int AS messages,
                    now() - (${N} - i)::float8 / ${N} * interval '730 days' - interval '1 minute' AS created_at
             FROM (SELECT i, random() AS r_origin FROM generate_series(1, ${N}) i OFFSET 0) g
             OFFSET 0
           ) draws OFFSET 0
         ) derived OFFSET 0
       ) t`,
      [WORDS],
    );
    await client.query(`SELECT setval(pg_get_serial_sequence('tickets', 'id'), ${N})`);

    // Messages alternate customer, staff, customer, ...; only a ticket's last message may be unread (its flags say so).
    await step(
      'ticket_messages',
      `INSERT INTO ticket_messages (ticket_id, sender_id, sender_type, body, is_read, read_at, created_at, updated_at)
       SELECT t.id, CASE WHEN k % 2 = 1 THEN t.customer_id ELSE COALESCE(t.assignee_id, 1) END,
              CASE WHEN k % 2 = 1 THEN 'customer' ELSE 'admin' END,
              ${words('6 + (t.id + k) % 10')},
              read, CASE WHEN read THEN t.created_at + k * interval '40 minutes' END,
              t.created_at + k * interval '37 minutes', t.created_at + k * interval '37 minutes'
       FROM tickets t CROSS JOIN LATERAL generate_series(1, t.message_count) k
       CROSS JOIN LATERAL (SELECT NOT (k = t.message_count AND ((k % 2 = 1 AND NOT t.is_admin_read) OR (k % 2 = 0 AND NOT t.is_customer_read))) AS read) r
       ORDER BY t.id, k`,
      [WORDS],
    );
    // The search vector's triggers did not run either: the migration's own function fills it.
    await step('tickets.search_vector', `UPDATE tickets SET search_vector = ticket_search_vector(id, subject, description)`);
    // That update left every ticket's first version behind: half the table's pages empty, in one block at its start, where a
    // scan (a search's count) could start and read through them. A long-lived table has its free space spread and reused.
    await step('tickets compacted (VACUUM FULL)', 'VACUUM FULL tickets');
    await step(
      'ticket_history',
      `INSERT INTO ticket_history (ticket_id, actor_id, actor_role, type, from_value, to_value, created_at)
       SELECT id, customer_id, 'customer', 'created', NULL, 'open', created_at FROM tickets
       UNION ALL
       SELECT id, COALESCE(assignee_id, 1), CASE WHEN assignee_id IS NULL THEN 'admin' ELSE 'agent' END,
              CASE status WHEN 'closed' THEN 'closed' WHEN 'escalated' THEN 'escalated' ELSE 'status_changed' END, 'open', status, updated_at
       FROM tickets WHERE status <> 'open'
       ORDER BY 7`,
    );
    await step(
      'ticket_feedback (every third finished ticket, ratings 1-5)',
      `INSERT INTO ticket_feedback (ticket_id, customer_id, rating, comment, created_at)
       SELECT id, customer_id, 1 + id % 5, NULL, COALESCE(resolved_at, closed_at) + interval '1 hour'
       FROM tickets WHERE status IN ('resolved', 'closed') AND id % 3 = 0`,
    );
    await step(
      'outbox_events (delivered)',
      `INSERT INTO outbox_events (type, ticket_id, payload, created_at, available_at, attempts, delivered_at)
       SELECT 'ticket.created', id,
              jsonb_build_object('type', 'ticket.created', 'occurredAt', created_at, 'actor', jsonb_build_object('id', customer_id, 'role', 'customer'),
                                 'ticket', jsonb_build_object('id', id, 'ticketNumber', ticket_number, 'origin', origin, 'status', 'open',
                                                              'customerId', customer_id, 'groupCustomerIds', '[]'::jsonb), 'data', '{}'::jsonb),
              created_at, created_at, 1, created_at + interval '20 milliseconds'
       FROM tickets ORDER BY id`,
    );

    const started = Date.now();
    for (const index of indexes.rows) await client.query(index.def);
    log(`  ${indexes.rows.length} indexes rebuilt, ${((Date.now() - started) / 1000).toFixed(1)} s`);
    // Nor did the ones that keep the report figures: compute them once from their definitions (still in the replica role, so the
    // trigger that keeps the daily counts does not count each fact once more).
    await step('ticket_report_facts', 'WITH gone AS (DELETE FROM ticket_report_facts) INSERT INTO ticket_report_facts SELECT * FROM ticket_report_source');
    await step('ticket_report_days', 'WITH gone AS (DELETE FROM ticket_report_days) INSERT INTO ticket_report_days (day, origin, category, created, "left") SELECT * FROM ticket_report_days_source');
    await step(
      'ticket_report_agent_days',
      `WITH gone AS (DELETE FROM ticket_report_agent_days)
       INSERT INTO ticket_report_agent_days (day, assignee_id, resolved, rated, rating_sum) SELECT * FROM ticket_report_agent_days_source`,
    );
    await client.query('SET session_replication_role = DEFAULT').catch(() => undefined);
    // The triggers that keep ticket_counts did not run while loading (replica role): count once.
    await step(
      'ticket_counts',
      `WITH gone AS (DELETE FROM ticket_counts)
       INSERT INTO ticket_counts (assignee_id, status, is_admin_read, tickets) SELECT assignee_id, status, is_admin_read, count(*) FROM tickets GROUP BY 1, 2, 3`,
    );
    for (const command of ['VACUUM (ANALYZE)', 'CHECKPOINT']) {
      const began = Date.now();
      await client.query(command);
      log(`  ${command}, ${((Date.now() - began) / 1000).toFixed(1)} s`);
    }
  } finally {
    await client.end();
  }
}
