import { FormEvent, useState } from 'react';
import { Link } from 'react-router-dom';
import { friendlyMessage } from '../api/client';
import { useAuth } from '../auth/AuthContext';
import { ErrorPanel, Spinner } from '../components/ErrorPanel';
import { useAsync } from '../lib/useAsync';
import { PlaylistVisibility, viewers } from '../viewers/api';

/** /playlists: the user's playlists (Watch later first) and a form for a new one. */
export function MyPlaylists() {
  const { api } = useAuth();
  const list = useAsync((signal) => viewers.myPlaylists(api, undefined, signal), [api]);
  const [title, setTitle] = useState('');
  const [visibility, setVisibility] = useState<PlaylistVisibility>('private');
  const [error, setError] = useState<string | null>(null);

  const create = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await viewers.create(api, title.trim(), visibility);
      setTitle('');
      list.reload();
    } catch (err) {
      setError(friendlyMessage(err));
    }
  };

  if (list.loading && !list.data) return <Spinner label="Loading your playlists" />;
  if (list.error && !list.data) return <ErrorPanel error={list.error} onRetry={list.reload} />;
  return (
    <section aria-labelledby="playlists-title">
      <h1 id="playlists-title">My playlists</h1>
      <ul className="my-list">
        {(list.data ?? []).map((p) => (
          <li key={p.id} className="my-item">
            <Link to={`/playlist/${encodeURIComponent(p.id)}`}>{p.title}</Link> <span className="tag">{p.visibility}</span>{' '}
            <small>{p.videoCount === 1 ? '1 video' : `${p.videoCount} videos`}</small>
          </li>
        ))}
      </ul>
      <form className="edit" onSubmit={create}>
        <label htmlFor="playlist-title">New playlist</label>
        <input id="playlist-title" value={title} required maxLength={150} onChange={(e) => setTitle(e.currentTarget.value)} />
        <label htmlFor="playlist-visibility">Visibility</label>
        <select id="playlist-visibility" value={visibility} onChange={(e) => setVisibility(e.currentTarget.value as PlaylistVisibility)}>
          <option value="private">Private</option>
          <option value="unlisted">Unlisted</option>
          <option value="public">Public</option>
        </select>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="primary">
          Create playlist
        </button>
      </form>
    </section>
  );
}
