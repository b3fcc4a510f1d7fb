import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { ApiError } from '../api/client';
import { Video } from '../api/types';
import { useAuth } from '../auth/AuthContext';
import { ErrorPanel, Spinner } from '../components/ErrorPanel';
import { VideoCard } from '../components/VideoCard';
import { formatAge } from '../lib/format';
import { Channel as ChannelData, social } from '../social/api';
import { SubscribeButton } from '../viewers/SubscribeButton';

/** A user's channel: /u/{handle} with their public videos, paged. */
export function Channel() {
  const { handle = '' } = useParams();
  const { api } = useAuth();
  const [channel, setChannel] = useState<ChannelData | null>(null);
  const [videos, setVideos] = useState<Video[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);
  // another channel: start over (state adjusted while rendering, not in the effect)
  const [shown, setShown] = useState(handle);
  if (shown !== handle) {
    setShown(handle);
    setLoading(true);
    setError(null);
    setChannel(null);
  }

  useEffect(() => {
    const controller = new AbortController();
    social
      .channel(api, handle, null, controller.signal)
      .then((c) => {
        setChannel(c);
        setVideos(c.videos.items);
        setCursor(c.videos.nextCursor);
      })
      .catch((e) => {
        if (!controller.signal.aborted) setError(e);
      })
      .finally(() => {
        if (!controller.signal.aborted) setLoading(false);
      });
    return () => controller.abort();
  }, [api, handle, tick]);

  const more = async () => {
    if (!cursor) return;
    setLoading(true);
    try {
      const c = await social.channel(api, handle, cursor);
      setVideos((old) => {
        const seen = new Set(old.map((v) => v.videoKey));
        return [...old, ...c.videos.items.filter((v) => !seen.has(v.videoKey))];
      });
      setCursor(c.videos.nextCursor);
    } catch (e) {
      setError(e);
    } finally {
      setLoading(false);
    }
  };

  if (error instanceof ApiError && (error.status === 404 || error.status === 400)) {
    return (
      <div className="empty">
        <h1>Channel not found</h1>
        <p>There is no channel called “{handle}”.</p>
        <Link to="/">Back to all videos</Link>
      </div>
    );
  }
  if (error)
    return (
      <ErrorPanel
        error={error}
        onRetry={() => {
          setLoading(true);
          setError(null);
          setTick((t) => t + 1);
        }}
      />
    );
  if (!channel) return <Spinner label="Loading channel" />;
  return (
    <section className="channel" aria-labelledby="channel-title">
      <header className="channel-head">
        <h1 id="channel-title">{channel.displayName}</h1>
        <p className="meta">
          @{channel.handle} · {channel.videoCount === 1 ? '1 video' : `${channel.videoCount} videos`}
          {channel.joinedAt && ` · joined ${formatAge(channel.joinedAt)}`}
        </p>
        <SubscribeButton handle={channel.handle} subscribers={channel.subscribers} />
      </header>
      {videos.length === 0 ? (
        <p className="empty">No public videos yet.</p>
      ) : (
        <ul className="grid">
          {videos.map((v) => (
            <VideoCard key={v.videoKey} video={v} />
          ))}
        </ul>
      )}
      {loading && <Spinner label="Loading videos" />}
      {!loading && cursor && (
        <button type="button" onClick={() => void more()}>
          Load more
        </button>
      )}
    </section>
  );
}
