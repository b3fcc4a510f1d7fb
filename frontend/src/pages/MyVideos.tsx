import { FormEvent, useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { friendlyMessage } from '../api/client';
import { toPage, Video, Visibility } from '../api/types';
import { useAuth } from '../auth/AuthContext';
import { ErrorPanel, Spinner } from '../components/ErrorPanel';
import { formatAge, formatEta } from '../lib/format';
import { useAsync } from '../lib/useAsync';
import { ThumbnailPicker } from '../viewers/ThumbnailPicker';
import { CaptionsEditor } from './CaptionsEditor';

const STATE_LABEL: Record<string, string> = {
  AWAITING_UPLOAD: 'Waiting for upload',
  UPLOADED: 'Queued',
  PROCESSING: 'Processing',
  READY: 'Ready',
  FAILED: 'Failed',
  EXPIRED: 'Upload never arrived',
};

export function MyVideos() {
  const { api } = useAuth();
  const list = useAsync(async (signal) => toPage(await api.get('/api/me/videos?limit=100', { signal })).items, []);
  // (one page of 100: enough for a personal library view; older ones stay reachable by link)
  const [editing, setEditing] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<Video | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  // Keep progress live while something is in the pipeline.
  const busy = list.data?.some((v) => ['UPLOADED', 'PROCESSING'].includes(v.state));
  useEffect(() => {
    if (!busy) return;
    const timer = setInterval(list.reload, 3000);
    return () => clearInterval(timer);
  }, [busy, list.reload]);

  if (list.loading && !list.data) return <Spinner label="Loading your videos" />;
  if (list.error && !list.data) return <ErrorPanel error={list.error} onRetry={list.reload} />;
  const videos = list.data ?? [];

  const remove = async (v: Video) => {
    try {
      await api.delete(`/api/videos/${encodeURIComponent(v.videoKey)}`, { retries: 2 });
      setNotice(`“${v.title}” was deleted.`);
      setDeleting(null);
      list.reload();
    } catch (e) {
      setNotice(friendlyMessage(e));
    }
  };

  return (
    <section aria-labelledby="my-title">
      <h1 id="my-title">My videos</h1>
      {notice && <p role="status">{notice}</p>}
      {videos.length === 0 ? (
        <div className="empty">
          <p>You have not uploaded any videos yet.</p>
          <Link className="button" to="/upload">
            Upload a video
          </Link>
        </div>
      ) : (
        <ul className="my-list">
          {videos.map((v) => (
            <li key={v.videoKey} className={`my-item state-${v.state.toLowerCase()}`}>
              <div className="my-main">
                {v.state === 'READY' ? <Link to={`/watch/${v.videoKey}`}>{v.title}</Link> : <strong>{v.title}</strong>}
                <span className="tag">{STATE_LABEL[v.state] ?? v.state}</span>
                <span className="tag">{v.visibility.toLowerCase()}</span>
                {v.uploadTime && <small>{formatAge(v.uploadTime)}</small>}
              </div>
              {v.state === 'PROCESSING' && (
                <div>
                  <progress aria-label={`Processing ${v.title}`} max={100} value={v.progressPercent ?? undefined} />
                  {v.progressPercent != null && ` ${Math.round(v.progressPercent)}%`}
                  {v.etaSeconds != null && ` · ${formatEta(v.etaSeconds)}`}
                </div>
              )}
              {v.state === 'FAILED' && <p className="form-error">{v.failureReason ?? 'Processing failed.'}</p>}
              {v.takedown && <p className="form-error">Taken down by a moderator: {v.takedown.reason}</p>}
              <div className="actions">
                <button
                  type="button"
                  onClick={() => setEditing(editing === v.videoKey ? null : v.videoKey)}
                  aria-expanded={editing === v.videoKey}
                >
                  Edit
                </button>
                <button type="button" className="danger" onClick={() => setDeleting(v)}>
                  Delete
                </button>
              </div>
              {editing === v.videoKey && (
                <EditForm
                  video={v}
                  onDone={() => {
                    setEditing(null);
                    setNotice('Saved.');
                    list.reload();
                  }}
                />
              )}
              {editing === v.videoKey && v.state === 'READY' && (
                <ThumbnailPicker videoKey={v.videoKey} durationSeconds={v.durationSeconds} />
              )}
              {editing === v.videoKey && v.state === 'READY' && <CaptionsEditor videoKey={v.videoKey} />}
            </li>
          ))}
        </ul>
      )}
      {deleting && (
        <div className="dialog-backdrop">
          <div
            role="alertdialog"
            aria-modal="true"
            onKeyDown={(e) => e.key === 'Escape' && setDeleting(null)}
            aria-labelledby="del-title"
            aria-describedby="del-desc"
            className="dialog"
          >
            <h2 id="del-title">Delete this video?</h2>
            <p id="del-desc">“{deleting.title}” and all its files will be removed. This cannot be undone.</p>
            <button type="button" className="danger" onClick={() => void remove(deleting)}>
              Delete
            </button>
            <button type="button" autoFocus onClick={() => setDeleting(null)}>
              Keep it
            </button>
          </div>
        </div>
      )}
    </section>
  );
}

function EditForm({ video, onDone }: { video: Video; onDone: () => void }) {
  const { api } = useAuth();
  const [title, setTitle] = useState(video.title);
  const [description, setDescription] = useState(video.description);
  const [visibility, setVisibility] = useState<Visibility>(video.visibility);
  const [error, setError] = useState<string | null>(null);
  const id = video.videoKey;
  const save = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await api.patch(`/api/videos/${encodeURIComponent(id)}`, { displayName: title, description, visibility });
      onDone();
    } catch (err) {
      setError(friendlyMessage(err));
    }
  };
  return (
    <form className="edit" onSubmit={save}>
      <label htmlFor={`t-${id}`}>Title</label>
      <input id={`t-${id}`} value={title} maxLength={200} onChange={(e) => setTitle(e.currentTarget.value)} />
      <label htmlFor={`d-${id}`}>Description</label>
      <textarea id={`d-${id}`} value={description} maxLength={5000} onChange={(e) => setDescription(e.currentTarget.value)} />
      <label htmlFor={`v-${id}`}>Visibility</label>
      <select id={`v-${id}`} value={visibility} onChange={(e) => setVisibility(e.currentTarget.value as Visibility)}>
        <option value="PUBLIC">Public</option>
        <option value="UNLISTED">Unlisted</option>
        <option value="PRIVATE">Private</option>
      </select>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="primary">
        Save
      </button>
    </form>
  );
}
