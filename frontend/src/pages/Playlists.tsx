import { useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { ApiError, friendlyMessage } from '../api/client';
import { useAuth } from '../auth/AuthContext';
import { ErrorPanel, Spinner } from '../components/ErrorPanel';
import { Player } from '../components/Player';
import { useAsync } from '../lib/useAsync';
import { useVideoPlayback } from '../lib/useVideoPlayback';
import { Playlist, PlaylistEntry, PlaylistVisibility, viewers } from '../viewers/api';

/** The next playable entry after index i, or -1. */
export function nextPlayable(entries: PlaylistEntry[], i: number): number {
  for (let j = i + 1; j < entries.length; j++) if (entries[j].video) return j;
  return -1;
}

/** /playlist/{id}: plays the playlist's videos one after another; its owner edits it. */
export function PlaylistPage() {
  const { id = '' } = useParams();
  const { api, status } = useAuth();
  const [search, setSearch] = useSearchParams();
  const ready = status !== 'loading';
  const playlist = useAsync(async (signal) => (ready ? viewers.playlist(api, id, signal) : undefined), [api, id, ready]);
  const [started, setStarted] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const navigate = useNavigate();

  if (!ready || (playlist.loading && !playlist.data)) return <Spinner label="Loading playlist" />;
  if (playlist.error instanceof ApiError && playlist.error.status === 404) {
    return (
      <div className="empty">
        <h1>Playlist not found</h1>
        <p>It may have been deleted, or it is private.</p>
        <Link to="/">Back to all videos</Link>
      </div>
    );
  }
  if (playlist.error) return <ErrorPanel error={playlist.error} onRetry={playlist.reload} />;
  if (!playlist.data) return <Spinner label="Loading playlist" />;
  const p: Playlist = playlist.data;
  const entries = p.entries;
  const wanted = Number(search.get('i') ?? NaN);
  const current = Number.isInteger(wanted) && entries[wanted]?.video ? wanted : nextPlayable(entries, -1);
  const play = (i: number) => {
    setStarted(true);
    setSearch({ i: String(i) }, { replace: true });
  };

  const change = async (work: () => Promise<unknown>, done: string) => {
    setNotice(null);
    try {
      await work();
      setNotice(done);
      playlist.reload();
    } catch (e) {
      setNotice(friendlyMessage(e));
    }
  };
  const move = (i: number, by: number) => {
    const keys = entries.map((e) => e.videoKey);
    const [key] = keys.splice(i, 1);
    keys.splice(i + by, 0, key);
    void change(() => viewers.reorder(api, p.id, keys), 'Order saved.');
  };

  return (
    <section className="playlist" aria-labelledby="playlist-title">
      {current >= 0 ? (
        <PlaylistPlayer
          key={entries[current].videoKey}
          videoKey={entries[current].videoKey}
          autoPlay={started}
          onEnded={() => {
            const next = nextPlayable(entries, current);
            if (next >= 0) play(next);
          }}
        />
      ) : (
        <p className="empty">This playlist has no videos to play yet.</p>
      )}
      <h1 id="playlist-title">{p.title}</h1>
      <p className="meta">
        {p.ownerHandle ? <Link to={`/u/${encodeURIComponent(p.ownerHandle)}`}>{p.ownerName}</Link> : p.ownerName} ·{' '}
        {p.videoCount === 1 ? '1 video' : `${p.videoCount} videos`} <span className="tag">{p.visibility}</span>
      </p>
      {p.description && <p className="description">{p.description}</p>}
      {notice && <p role="status">{notice}</p>}
      <ol className="playlist-entries">
        {entries.map((e, i) => (
          <li key={e.videoKey} className={i === current ? 'current' : undefined} aria-current={i === current ? 'true' : undefined}>
            {e.video ? (
              <button type="button" className="link" onClick={() => play(i)}>
                {e.video.title}
              </button>
            ) : (
              <span className="meta">Unavailable video</span>
            )}
            {e.video?.owner && <small> · {e.video.owner}</small>}
            {p.isOwner && (
              <span className="actions">
                <button type="button" aria-label={`Move ${e.video?.title ?? 'entry'} up`} disabled={i === 0} onClick={() => move(i, -1)}>
                  ↑
                </button>
                <button
                  type="button"
                  aria-label={`Move ${e.video?.title ?? 'entry'} down`}
                  disabled={i === entries.length - 1}
                  onClick={() => move(i, 1)}
                >
                  ↓
                </button>
                <button
                  type="button"
                  aria-label={`Remove ${e.video?.title ?? 'entry'}`}
                  onClick={() => void change(() => viewers.take(api, p.id, e.videoKey), 'Removed.')}
                >
                  Remove
                </button>
              </span>
            )}
          </li>
        ))}
      </ol>
      {p.isOwner && !p.watchLater && (
        <div className="actions">
          <label htmlFor="playlist-vis">Visibility</label>
          <select
            id="playlist-vis"
            value={p.visibility}
            onChange={(e) => {
              const visibility = e.currentTarget.value as PlaylistVisibility;
              void change(() => viewers.update(api, p.id, { visibility }), 'Saved.');
            }}
          >
            <option value="private">Private</option>
            <option value="unlisted">Unlisted</option>
            <option value="public">Public</option>
          </select>
          <button
            type="button"
            className="danger"
            onClick={() =>
              void viewers
                .remove(api, p.id)
                .then(() => navigate('/playlists'))
                .catch((e) => setNotice(friendlyMessage(e)))
            }
          >
            Delete playlist
          </button>
        </div>
      )}
    </section>
  );
}

function PlaylistPlayer({ videoKey, autoPlay, onEnded }: { videoKey: string; autoPlay: boolean; onEnded: () => void }) {
  const { video, playback, refresh } = useVideoPlayback(videoKey);
  if (playback.error) return <ErrorPanel error={playback.error} onRetry={playback.reload} />;
  if (!playback.data || !video.data) return <Spinner label="Loading player" />;
  return (
    <div>
      <Player playback={playback.data} title={video.data.title} refresh={refresh} autoPlay={autoPlay} onEnded={onEnded} />
      <p className="watch-title">
        <Link to={`/watch/${encodeURIComponent(videoKey)}`}>{video.data.title}</Link>
      </p>
    </div>
  );
}
