import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { friendlyMessage } from '../api/client';
import { Video } from '../api/types';
import { useAuth } from '../auth/AuthContext';
import { ErrorPanel, Spinner } from '../components/ErrorPanel';
import { VideoCard } from '../components/VideoCard';
import { useAsync } from '../lib/useAsync';
import { viewers } from '../viewers/api';

/** /subscriptions: the new public videos of the channels the user follows, the channels, the digest. */
export function Subscriptions() {
  const { api } = useAuth();
  const channels = useAsync((signal) => viewers.subscriptions(api, signal), [api]);
  const digest = useAsync((signal) => viewers.digest(api, signal), [api]);
  const [videos, setVideos] = useState<Video[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    viewers
      .feed(api, null, controller.signal)
      .then((page) => {
        setVideos(page.items);
        setCursor(page.nextCursor);
      })
      .catch((e) => !controller.signal.aborted && setError(e))
      .finally(() => !controller.signal.aborted && setLoading(false));
    return () => controller.abort();
  }, [api, tick]);

  const more = async () => {
    if (!cursor) return;
    setLoading(true);
    try {
      const page = await viewers.feed(api, cursor);
      setVideos((old) => {
        const seen = new Set(old.map((v) => v.videoKey));
        return [...old, ...page.items.filter((v) => !seen.has(v.videoKey))];
      });
      setCursor(page.nextCursor);
    } catch (e) {
      setError(e);
    } finally {
      setLoading(false);
    }
  };

  const setDigest = async (on: boolean) => {
    try {
      await viewers.setDigest(api, on);
      setNotice(on ? 'You will get a daily e-mail of new videos.' : 'No more e-mails of new videos.');
      digest.reload();
    } catch (e) {
      setNotice(friendlyMessage(e));
    }
  };

  return (
    <section aria-labelledby="subs-title">
      <h1 id="subs-title">Subscriptions</h1>
      {channels.data && channels.data.length > 0 && (
        <p className="meta">
          Following{' '}
          {channels.data.map((c, i) => (
            <span key={c.handle}>
              {i > 0 && ', '}
              <Link to={`/u/${encodeURIComponent(c.handle)}`}>{c.displayName}</Link>
            </span>
          ))}
        </p>
      )}
      {digest.data && (
        <label className="check">
          <input type="checkbox" checked={digest.data.subscriptionDigest} onChange={(e) => void setDigest(e.currentTarget.checked)} />{' '}
          E-mail me a daily digest of new videos
        </label>
      )}
      {notice && <p role="status">{notice}</p>}
      {error ? (
        <ErrorPanel
          error={error}
          onRetry={() => {
            setLoading(true);
            setError(null);
            setTick((t) => t + 1);
          }}
        />
      ) : videos.length === 0 && !loading ? (
        <div className="empty">
          <p>{channels.data?.length ? 'No new videos from the channels you follow yet.' : 'You do not follow any channel yet.'}</p>
          <Link to="/">Find videos to watch</Link>
        </div>
      ) : (
        <ul className="grid">
          {videos.map((v) => (
            <VideoCard key={v.videoKey} video={v} />
          ))}
        </ul>
      )}
      {loading && <Spinner label="Loading videos" />}
      {!loading && !error && cursor && (
        <button type="button" onClick={() => void more()}>
          Load more
        </button>
      )}
    </section>
  );
}
