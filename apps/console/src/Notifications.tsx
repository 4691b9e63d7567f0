import { useState } from 'react';
import { request } from './api';
import { useAction, useLiveReload, useLoad } from './ui';
import { Subscribe } from './useRealtime';

interface Notification {
  id: number;
  kind: string;
  title: string;
  body: string;
  ticketId: number | null;
  readAt: string | null;
  createdAt: string;
}

const notifications = {
  list: () => request<{ data: Notification[]; meta: { unreadCount: number } }>('GET', '/api/notifications?perPage=20'),
  markRead: (id: number) => request<Notification>('PATCH', `/api/notifications/${id}/read`),
  markAllRead: () => request<{ updated: number }>('POST', '/api/notifications/read-all'),
};

/** The signed-in user's in-app notifications (tickets assigned to them, customer replies, a webhook endpoint disabled), live on `notification:created`. */
export function NotificationsMenu({ live }: { live: Subscribe }) {
  const list = useLoad(() => notifications.list(), []);
  useLiveReload(live, (e) => e.name === 'notification:created', list.reload);
  const action = useAction();
  const [open, setOpen] = useState(false);
  const unread = list.data?.meta.unreadCount ?? 0;
  const act = (call: () => Promise<unknown>) => action.run(async () => void (await call())).then(() => list.reload());
  return (
    <details className="latest notifications" data-testid="notifications" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>
        Notifications{' '}
        <span className={`counter${unread ? ' unread' : ''}`} data-testid="notifications-unread" aria-label={`${unread} unread notifications`}>
          {unread}
        </span>
      </summary>
      {/* Rendered only while open: closed, the menu adds no text to the page. */}
      {open && (
        <ul>
          {(list.error || action.error) && <li className="error">{list.error ?? action.error}</li>}
          {unread > 0 && (
            <li>
              <button type="button" className="link" disabled={action.pending} onClick={() => act(notifications.markAllRead)}>
                Mark all read
              </button>
            </li>
          )}
          {list.data?.data.map((n) => (
            <li key={n.id} data-testid={`notification-${n.id}`} className={n.readAt ? 'muted' : undefined}>
              <strong>{n.title}</strong>
              <div>{n.body}</div>
              <span className="muted">{new Date(n.createdAt).toLocaleString()}</span>{' '}
              {n.ticketId !== null && <a href={`#/tickets/${n.ticketId}`}>Open ticket</a>}{' '}
              {!n.readAt && (
                <button type="button" className="link" disabled={action.pending} onClick={() => act(() => notifications.markRead(n.id))}>
                  Mark read
                </button>
              )}
            </li>
          ))}
          {list.data?.data.length === 0 && <li className="muted">No notifications</li>}
        </ul>
      )}
    </details>
  );
}
