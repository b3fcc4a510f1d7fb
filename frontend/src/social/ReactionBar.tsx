import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { friendlyMessage } from '../api/client';
import { useAuth } from '../auth/AuthContext';
import { compact, Reaction, ReactionState, social } from './api';

/** Like and dislike buttons with counts. A second click on the same button takes it back. */
export function ReactionBar({ videoKey, likes, dislikes }: { videoKey: string; likes: number; dislikes: number }) {
  const { api, status } = useAuth();
  const [state, setState] = useState<ReactionState>({ reaction: 'none', likes, dislikes });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const signedIn = status === 'signed-in';

  // new counts from the video (state adjusted while rendering, not in an effect)
  const [counts, setCounts] = useState({ likes, dislikes });
  if (counts.likes !== likes || counts.dislikes !== dislikes) {
    setCounts({ likes, dislikes });
    setState((s) => ({ ...s, likes, dislikes }));
  }
  useEffect(() => {
    if (!signedIn) return;
    const controller = new AbortController();
    social
      .reaction(api, videoKey, controller.signal)
      .then((r) => setState(r))
      .catch(() => undefined); // the counts from the video are still right
    return () => controller.abort();
  }, [api, videoKey, signedIn]);

  const click = async (which: Reaction) => {
    if (!signedIn || busy) return;
    setBusy(true);
    setError(null);
    try {
      setState(await social.react(api, videoKey, state.reaction === which ? 'none' : which));
    } catch (e) {
      setError(friendlyMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="reactions" role="group" aria-label="Reactions">
      <button
        type="button"
        className="reaction"
        aria-pressed={state.reaction === 'like'}
        disabled={!signedIn || busy}
        onClick={() => void click('like')}
      >
        <span aria-hidden="true">▲</span> <span className="visually-hidden">Like</span> {compact(state.likes)}
      </button>
      <button
        type="button"
        className="reaction"
        aria-pressed={state.reaction === 'dislike'}
        disabled={!signedIn || busy}
        onClick={() => void click('dislike')}
      >
        <span aria-hidden="true">▼</span> <span className="visually-hidden">Dislike</span> {compact(state.dislikes)}
      </button>
      {!signedIn && status !== 'loading' && (
        <span className="hint">
          <Link to="/login">Sign in</Link> to react
        </span>
      )}
      {error && (
        <span className="form-error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
