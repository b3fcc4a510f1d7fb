import { FormEvent, useState } from 'react';
import { Link } from 'react-router-dom';
import { friendlyMessage } from '../api/client';
import { useAuth } from '../auth/AuthContext';
import { PlaylistSummary, PlaylistVisibility, viewers } from './api';

/** The watch page's "Watch later" and "Save to playlist" (signed-in viewers). */
export function SaveToPlaylist({ videoKey }: { videoKey: string }) {
  const { api, status } = useAuth();
  const [lists, setLists] = useState<PlaylistSummary[] | null>(null);
  const [open, setOpen] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [title, setTitle] = useState('');
  const [visibility, setVisibility] = useState<PlaylistVisibility>('private');

  if (status !== 'signed-in') return null;

  const load = async () => {
    const found = await viewers.myPlaylists(api, videoKey);
    setLists(found);
    return found;
  };

  const watchLater = async () => {
    setMessage(null);
    try {
      const later = (lists ?? (await load())).find((p) => p.watchLater);
      if (!later) return;
      if (later.containsVideo) {
        setMessage('Already in Watch later.');
        return;
      }
      await viewers.add(api, later.id, videoKey);
      setMessage('Saved to Watch later.');
      await load();
    } catch (e) {
      setMessage(friendlyMessage(e));
    }
  };

  const toggleOpen = async () => {
    setMessage(null);
    if (!open) {
      try {
        await load();
      } catch (e) {
        setMessage(friendlyMessage(e));
        return;
      }
    }
    setOpen(!open);
  };

  const toggle = async (p: PlaylistSummary) => {
    setMessage(null);
    try {
      if (p.containsVideo) {
        await viewers.take(api, p.id, videoKey);
        setMessage(`Removed from “${p.title}”.`);
      } else {
        await viewers.add(api, p.id, videoKey);
        setMessage(`Saved to “${p.title}”.`);
      }
      await load();
    } catch (e) {
      setMessage(friendlyMessage(e));
    }
  };

  const create = async (e: FormEvent) => {
    e.preventDefault();
    if (!title.trim()) return;
    setMessage(null);
    try {
      const made = await viewers.create(api, title.trim(), visibility);
      await viewers.add(api, made.id, videoKey);
      setTitle('');
      setMessage(`Saved to “${made.title}”.`);
      await load();
    } catch (err) {
      setMessage(friendlyMessage(err));
    }
  };

  return (
    <div className="save-to-playlist">
      <button type="button" onClick={() => void watchLater()}>
        Watch later
      </button>
      <button type="button" aria-expanded={open} onClick={() => void toggleOpen()}>
        Save to playlist
      </button>
      {message && <p role="status">{message}</p>}
      {open && lists && (
        <div className="playlist-picker" role="group" aria-label="Playlists">
          <ul>
            {lists.map((p) => (
              <li key={p.id}>
                <label>
                  <input type="checkbox" checked={Boolean(p.containsVideo)} onChange={() => void toggle(p)} /> {p.title}
                  {p.visibility !== 'public' && <span className="tag">{p.visibility}</span>}
                </label>
              </li>
            ))}
          </ul>
          <form onSubmit={create} className="inline-form">
            <label htmlFor="new-playlist-title">New playlist</label>
            <input id="new-playlist-title" value={title} maxLength={150} onChange={(e) => setTitle(e.currentTarget.value)} />
            <select
              aria-label="Visibility of the new playlist"
              value={visibility}
              onChange={(e) => setVisibility(e.currentTarget.value as PlaylistVisibility)}
            >
              <option value="private">Private</option>
              <option value="unlisted">Unlisted</option>
              <option value="public">Public</option>
            </select>
            <button type="submit">Create and save</button>
          </form>
          <Link to="/playlists">My playlists</Link>
        </div>
      )}
    </div>
  );
}
