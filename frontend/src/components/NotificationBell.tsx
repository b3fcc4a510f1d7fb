import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { Notification, Notifications, toNotifications } from '../api/types';
import { useAuth } from '../auth/AuthContext';
import { formatAge } from '../lib/format';
import { Icon } from './Icon';

/** "Ready" / "failed" notifications (issue 5), polled while signed in. */
export function NotificationBell({ intervalMs = 15000 }: { intervalMs?: number }) {
  const { api, status } = useAuth();
  const [items, setItems] = useState<Notification[]>([]);
  const [open, setOpen] = useState(false);
  const panel = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (status !== 'signed-in') return;
    let cancelled = false;
    const load = () =>
      api
        .get<Notifications>('/api/me/notifications', { retries: 1 })
        .then((answer) => {
          if (!cancelled) setItems(toNotifications(answer));
        })
        .catch(() => undefined);
    void load();
    const timer = setInterval(load, intervalMs);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, [api, status, intervalMs]);

  const unread = items.filter((n) => !n.read).length;

  const toggle = () => {
    const next = !open;
    setOpen(next);
    if (next && unread > 0) {
      api.post('/api/me/notifications/read', {}).catch(() => undefined);
      setItems((list) => list.map((n) => ({ ...n, read: true })));
    }
  };

  return (
    <div className="bell" ref={panel}>
      <button type="button" aria-label={unread ? `Notifications, ${unread} unread` : 'Notifications'} aria-expanded={open} onClick={toggle}>
        <Icon name="bell" />
        {unread > 0 && <span className="badge">{unread}</span>}
      </button>
      {open && (
        <div className="bell-panel" role="region" aria-label="Notifications" onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}>
          {items.length === 0 ? (
            <p>No notifications yet.</p>
          ) : (
            <ul>
              {items.map((n) => (
                <li key={n.id} className={n.kind.includes('fail') ? 'failed' : 'ready'}>
                  {n.videoKey ? (
                    <Link to={n.kind.includes('fail') ? '/me/videos' : `/watch/${n.videoKey}`} onClick={() => setOpen(false)}>
                      {n.message}
                    </Link>
                  ) : (
                    n.message
                  )}
                  {n.createdAt && <small> {formatAge(n.createdAt)}</small>}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
