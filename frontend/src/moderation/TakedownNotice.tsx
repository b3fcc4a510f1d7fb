import { FormEvent, useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { ApiError, friendlyMessage } from '../api/client';
import { useAuth } from '../auth/AuthContext';
import { Appeal, moderation } from './api';

/** The owner's view of a taken-down video: the moderator's reason, and one appeal. */
export function TakedownNotice({ videoKey, reason }: { videoKey: string; reason: string }) {
  const { api } = useAuth();
  const [appeal, setAppeal] = useState<Appeal | null | undefined>(undefined);
  const [writing, setWriting] = useState(false);
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    moderation
      .myAppeal(api, videoKey)
      .then((a) => live && setAppeal(a))
      .catch((e) => live && setAppeal(e instanceof ApiError && e.status === 404 ? null : undefined));
    return () => {
      live = false;
    };
  }, [api, videoKey]);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      setAppeal(await moderation.appeal(api, videoKey, text.trim()));
      setWriting(false);
    } catch (err) {
      setError(friendlyMessage(err));
    }
  };
  return (
    <section className="takedown" role="alert" aria-label="Video taken down">
      <h2>This video was taken down by a moderator</h2>
      <p>
        Reason: <strong data-testid="takedown-reason">{reason}</strong>
      </p>
      <p className="meta">Only you can see it. You may appeal once.</p>
      {appeal ? (
        <p role="status">Your appeal is {appeal.state === 'open' ? 'waiting for a moderator' : appeal.state}.</p>
      ) : appeal === null && !writing ? (
        <button type="button" onClick={() => setWriting(true)}>
          Appeal
        </button>
      ) : null}
      {writing && (
        <form onSubmit={(e) => void submit(e)} aria-label="Appeal the takedown">
          <label htmlFor="appeal-text">Why should it be restored?</label>
          <textarea id="appeal-text" value={text} maxLength={2000} rows={3} onChange={(e) => setText(e.target.value)} required />
          <div className="actions">
            <button type="submit" className="primary" disabled={!text.trim()}>
              Send appeal
            </button>
            <button type="button" onClick={() => setWriting(false)}>
              Cancel
            </button>
          </div>
        </form>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}

/**
 * A moderator's or admin's view of a taken-down video: the API shows them the takedown so that they
 * can review the video and decide its appeal; everyone else gets "not found".
 */
export function ReviewTakedownNotice({ reason, at }: { reason: string; at: string | null }) {
  return (
    <section className="takedown" role="alert" aria-label="Video taken down">
      <h2>This video is taken down</h2>
      <p>
        Reason: <strong data-testid="takedown-reason">{reason}</strong>
        {at && (
          <>
            {' '}
            (<time dateTime={at}>{new Date(at).toLocaleString()}</time>)
          </>
        )}
      </p>
      <p className="meta">
        Only its owner, moderators and admins can see it. Restore it or decide its appeal in <Link to="/moderation">Moderation</Link>.
      </p>
    </section>
  );
}
