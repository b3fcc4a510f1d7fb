import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { ApiError, friendlyMessage } from '../api/client';
import { useAuth } from '../auth/AuthContext';
import { compact } from '../social/api';
import { viewers } from './api';

/** The channel page's Subscribe / Unsubscribe button with the subscriber count. */
export function SubscribeButton({ handle, subscribers }: { handle: string; subscribers: number }) {
  const { api, status } = useAuth();
  const [count, setCount] = useState(subscribers);
  const [subscribed, setSubscribed] = useState<boolean | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  // a new count from the page (another channel, a reload) replaces ours, set while rendering
  const [shown, setShown] = useState(subscribers);
  if (shown !== subscribers) {
    setShown(subscribers);
    setCount(subscribers);
  }
  useEffect(() => {
    if (status !== 'signed-in') return;
    const controller = new AbortController();
    viewers
      .subscriptions(api, controller.signal)
      .then((list) => setSubscribed(list.some((s) => s.handle === handle.toLowerCase())))
      .catch(() => setSubscribed(false));
    return () => controller.abort();
  }, [api, status, handle]);

  const toggle = async () => {
    setBusy(true);
    setError(null);
    try {
      const state = subscribed ? await viewers.unsubscribe(api, handle) : await viewers.subscribe(api, handle);
      setSubscribed(state.subscribed);
      setCount(state.subscribers);
    } catch (e) {
      setError(e instanceof ApiError && e.field === 'handle' && e.status === 400 ? 'This is your own channel.' : friendlyMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const label = count === 1 ? '1 subscriber' : `${compact(count)} subscribers`;
  return (
    <div className="subscribe">
      <span className="meta" data-testid="subscriber-count">
        {label}
      </span>
      {status === 'signed-in' ? (
        <button
          type="button"
          className={subscribed ? undefined : 'primary'}
          aria-pressed={subscribed ?? false}
          disabled={busy || subscribed === null}
          onClick={() => void toggle()}
        >
          {subscribed ? 'Unsubscribe' : 'Subscribe'}
        </button>
      ) : status === 'loading' ? null : (
        <Link to="/login" className="button">
          Log in to subscribe
        </Link>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
