import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, IsNull } from 'typeorm';
import { DomainError, DomainErrorCode, DomainEventPayload, RequestContext } from '@mm/core';
import { User } from '@mm/auth';
import { MessageParams, NotificationMessages } from './i18n/notification-messages';
import { Notification, NotificationKind } from './notification.entity';
import { planNotifications } from './notification-rules';

export interface NotificationView {
  id: number;
  kind: string;
  title: string;
  body: string;
  locale: string;
  ticketId: number | null;
  ticketNumber: string | null;
  readAt: string | null;
  createdAt: string;
}

export interface NotificationPage {
  items: NotificationView[];
  total: number;
  unreadCount: number;
}

export function toView(n: Omit<Notification, 'user'>): NotificationView {
  return {
    id: Number(n.id),
    kind: n.kind,
    title: n.title,
    body: n.body,
    locale: n.locale,
    ticketId: n.ticketId,
    ticketNumber: n.ticketNumber,
    readAt: n.readAt ? n.readAt.toISOString() : null,
    createdAt: n.createdAt.toISOString(),
  };
}

const STORED_COLUMNS = 'id, user_id, outbox_event_id, ticket_id, ticket_number, kind, locale, title, body, read_at, created_at';

/** A notifications row as `STORED_COLUMNS` reads it. */
interface StoredNotification {
  id: string;
  user_id: number;
  outbox_event_id: string;
  ticket_id: number | null;
  ticket_number: string | null;
  kind: Notification['kind'];
  locale: string;
  title: string;
  body: string;
  read_at: Date | null;
  created_at: Date;
}

function storedView(row: StoredNotification): NotificationView {
  return toView({ ...row, userId: row.user_id, outboxEventId: row.outbox_event_id, ticketId: row.ticket_id, ticketNumber: row.ticket_number, readAt: row.read_at, createdAt: row.created_at });
}

/** In-app notifications: created from delivered outbox events, read and marked read by their owner only. */
@Injectable()
export class NotificationService {
  private readonly messages = new NotificationMessages();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private get repository() {
    return this.dataSource.getRepository(Notification);
  }

  /**
   * Renders the events' notifications in each recipient's locale and stores
   * them once per (event, recipient): a redelivered event creates nothing new.
   * Several events at once (the dispatcher's batch) cost one lookup and one
   * statement that inserts and reads back. Returns all of each event's
   * notifications, by event id, so a redelivery pushes them again.
   */
  async createForEvents(
    events: { id: string; payload: DomainEventPayload }[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Map<string, { userId: number; notification: NotificationView }[]>> {
    const byEvent = new Map<string, { userId: number; notification: NotificationView }[]>();
    const planned = events.flatMap((event) => planNotifications(event.payload).map((p) => ({ ...p, event })));
    if (planned.length === 0) return byEvent;
    const users = await manager.getRepository(User).find({ where: { id: In([...new Set(planned.map((p) => p.userId))]) }, select: ['id', 'locale'] });
    const locales = new Map(users.map((u) => [u.id, u.locale]));
    const rows = planned
      .filter((p) => locales.has(p.userId))
      .map(({ event, ...p }) => {
        const rendered = this.messages.render(p.kind, locales.get(p.userId), p.params);
        return { userId: p.userId, outboxEventId: event.id, ticketId: event.payload.ticket.id, ticketNumber: event.payload.ticket.ticketNumber, kind: p.kind, ...rendered };
      });
    if (rows.length === 0) return byEvent;
    // The CTE's rows and the table as it was before the statement: this event's new and earlier notifications, each once.
    const stored: StoredNotification[] = await manager.query(
      `WITH inserted AS (
         INSERT INTO notifications (user_id, outbox_event_id, ticket_id, ticket_number, kind, locale, title, body)
         SELECT * FROM unnest($1::int[], $2::bigint[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
         ON CONFLICT (outbox_event_id, user_id) DO NOTHING
         RETURNING ${STORED_COLUMNS}
       )
       SELECT * FROM inserted
       UNION ALL
       SELECT ${STORED_COLUMNS} FROM notifications WHERE outbox_event_id = ANY($2::bigint[])
       ORDER BY id`,
      [
        rows.map((r) => r.userId),
        rows.map((r) => r.outboxEventId),
        rows.map((r) => r.ticketId),
        rows.map((r) => r.ticketNumber),
        rows.map((r) => r.kind),
        rows.map((r) => r.locale),
        rows.map((r) => r.title),
        rows.map((r) => r.body),
      ],
    );
    for (const n of stored) {
      const list = byEvent.get(n.outbox_event_id) ?? [];
      list.push({ userId: n.user_id, notification: storedView(n) });
      byEvent.set(n.outbox_event_id, list);
    }
    return byEvent;
  }

  /**
   * Tells every admin about something that is not a ticket event (a webhook
   * endpoint disabled for failing). `causeId` makes it once per cause: stored
   * as a negative outbox event id, which no event has. Returns the new
   * notifications, for LiveNotifications to push once the caller's transaction commits.
   */
  async notifyAdmins(manager: EntityManager, kind: NotificationKind, params: MessageParams, causeId: string): Promise<{ userId: number; notification: NotificationView }[]> {
    const admins = await manager.getRepository(User).find({ where: { role: 'admin' }, select: ['id', 'locale'] });
    const created: { userId: number; notification: NotificationView }[] = [];
    for (const admin of admins) {
      const rendered = this.messages.render(kind, admin.locale, params);
      const rows: StoredNotification[] = await manager.query(
        `INSERT INTO notifications (user_id, outbox_event_id, kind, locale, title, body) VALUES ($1, -$2::bigint, $3, $4, $5, $6)
         ON CONFLICT (outbox_event_id, user_id) DO NOTHING RETURNING ${STORED_COLUMNS}`,
        [admin.id, causeId, kind, rendered.locale, rendered.title, rendered.body],
      );
      for (const row of rows) created.push({ userId: row.user_id, notification: storedView(row) });
    }
    return created;
  }

  /**
   * Tells the given staff members something about a ticket that is no event
   * of its own (an automation's notice); `causeId` makes it once per cause and
   * recipient, stored negated as notifyAdmins does.
   */
  async notifyUsers(manager: EntityManager, userIds: number[], kind: NotificationKind, params: MessageParams, ticketId: number, causeId: string): Promise<number[]> {
    if (!userIds.length) return [];
    const users = await manager.getRepository(User).find({ where: { id: In(userIds) }, select: ['id', 'locale'] });
    for (const user of users) {
      const rendered = this.messages.render(kind, user.locale, params);
      await manager.query(
        `INSERT INTO notifications (user_id, outbox_event_id, ticket_id, ticket_number, kind, locale, title, body) VALUES ($1, -$2::bigint, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (outbox_event_id, user_id) DO NOTHING`,
        [user.id, causeId, ticketId, params.ticketNumber, kind, rendered.locale, rendered.title, rendered.body],
      );
    }
    return users.map((user) => user.id);
  }

  async list(ctx: RequestContext, query: { page: number; perPage: number; unreadOnly: boolean }): Promise<NotificationPage> {
    const userId = ctx.actor.id;
    const where = query.unreadOnly ? { userId, readAt: IsNull() } : { userId };
    const [items, total, unreadCount] = await Promise.all([
      this.repository.find({ where, order: { id: 'DESC' }, skip: (query.page - 1) * query.perPage, take: query.perPage }),
      this.repository.countBy(where),
      this.repository.countBy({ userId, readAt: IsNull() }),
    ]);
    return { items: items.map(toView), total, unreadCount };
  }

  /** Marks one of the caller's notifications read (idempotent: the first read time stays). Another user's id is not found. */
  async markRead(ctx: RequestContext, id: number): Promise<NotificationView> {
    if (!Number.isSafeInteger(id) || id <= 0) throw new DomainError(DomainErrorCode.NotificationNotFound, 'Notification not found');
    const result = await this.repository
      .createQueryBuilder()
      .update()
      .set({ readAt: () => 'COALESCE(read_at, now())' })
      .where('id = :id AND user_id = :userId', { id, userId: ctx.actor.id })
      .execute();
    if (!result.affected) throw new DomainError(DomainErrorCode.NotificationNotFound, 'Notification not found');
    return toView(await this.repository.findOneByOrFail({ id: String(id) }));
  }

  async markAllRead(ctx: RequestContext): Promise<number> {
    const result = await this.repository
      .createQueryBuilder()
      .update()
      .set({ readAt: () => 'now()' })
      .where('user_id = :userId AND read_at IS NULL', { userId: ctx.actor.id })
      .execute();
    return result.affected ?? 0;
  }
}
