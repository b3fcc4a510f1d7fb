import { FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { friendlyMessage } from '../api/client';
import { useAuth } from '../auth/AuthContext';
import { ReportButton } from '../moderation/ReportButton';
import { ErrorPanel, Spinner } from '../components/ErrorPanel';
import { formatAge } from '../lib/format';
import { Comment, length, MAX_COMMENT, social } from './api';

type Sort = 'newest' | 'top';

/** A box to write a comment, a reply or an edit: counts characters, refuses empty or too long. */
function Composer({
  label,
  submitLabel,
  initial = '',
  onSubmit,
  onCancel,
}: {
  label: string;
  submitLabel: string;
  initial?: string;
  onSubmit: (text: string) => Promise<void>;
  onCancel?: () => void;
}) {
  const [text, setText] = useState(initial);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const n = length(text);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (n === 0 || n > MAX_COMMENT || busy) return;
    setBusy(true);
    setError(null);
    try {
      await onSubmit(text.trim());
      setText('');
    } catch (err) {
      setError(friendlyMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="composer" onSubmit={submit}>
      <label>
        <span className="visually-hidden">{label}</span>
        <textarea aria-label={label} placeholder={label} value={text} rows={2} onChange={(e) => setText(e.target.value)} />
      </label>
      <div className="composer-row">
        <span className={n > MAX_COMMENT ? 'count over' : 'count'} aria-live="polite">
          {n} / {MAX_COMMENT}
        </span>
        {onCancel && (
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        )}
        <button type="submit" disabled={busy || n === 0 || n > MAX_COMMENT}>
          {submitLabel}
        </button>
      </div>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

function CommentItem({
  comment,
  videoKey,
  onChanged,
  onDeleted,
}: {
  comment: Comment;
  videoKey: string;
  onChanged: (c: Comment) => void;
  onDeleted: (c: Comment) => void;
}) {
  const { api, status } = useAuth();
  const [editing, setEditing] = useState(false);
  const [replying, setReplying] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [replies, setReplies] = useState<Comment[] | null>(null);
  const [repliesCursor, setRepliesCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const topLevel = comment.parentId == null;

  const loadReplies = async (cursor: string | null) => {
    setError(null);
    try {
      const page = await social.replies(api, comment.id, cursor);
      setReplies((old) => [...(cursor ? (old ?? []) : []), ...page.items]);
      setRepliesCursor(page.nextCursor);
    } catch (e) {
      setError(friendlyMessage(e));
    }
  };
  const remove = async () => {
    setError(null);
    try {
      await social.remove(api, comment.id);
      onDeleted(comment);
    } catch (e) {
      setError(friendlyMessage(e));
      setConfirming(false);
    }
  };
  const replyDeleted = (r: Comment) => {
    setReplies((old) => (old ?? []).filter((x) => x.id !== r.id));
    onChanged({ ...comment, replyCount: Math.max(0, comment.replyCount - 1) });
  };

  return (
    <li className="comment" data-testid="comment">
      <p className="meta">
        <Link to={`/u/${encodeURIComponent(comment.author.handle)}`}>{comment.author.displayName}</Link>
        {' · '}
        <time dateTime={comment.createdAt}>{formatAge(comment.createdAt)}</time>
        {comment.editedAt && ' (edited)'}
      </p>
      {editing ? (
        <Composer
          label="Edit your comment"
          submitLabel="Save"
          initial={comment.body}
          onCancel={() => setEditing(false)}
          onSubmit={async (text) => {
            onChanged(await social.edit(api, comment.id, text));
            setEditing(false);
          }}
        />
      ) : (
        // plain text: React escapes it, line breaks kept by CSS (white-space: pre-wrap)
        <p className="comment-body">{comment.body}</p>
      )}
      <div className="comment-actions">
        {topLevel && status === 'signed-in' && (
          <button type="button" onClick={() => setReplying((r) => !r)}>
            Reply
          </button>
        )}
        {comment.mine && !editing && (
          <button type="button" onClick={() => setEditing(true)}>
            Edit
          </button>
        )}
        {comment.canDelete &&
          (confirming ? (
            <>
              <button type="button" className="danger" onClick={() => void remove()}>
                Delete comment
              </button>
              <button type="button" onClick={() => setConfirming(false)}>
                Keep it
              </button>
            </>
          ) : (
            <button type="button" onClick={() => setConfirming(true)}>
              Delete
            </button>
          ))}
        {!comment.mine && (
          <ReportButton targetType="comment" targetId={String(comment.id)} label={`Report comment by ${comment.author.displayName}`} />
        )}
        {topLevel && comment.replyCount > 0 && replies == null && (
          <button type="button" onClick={() => void loadReplies(null)}>
            {comment.replyCount === 1 ? 'View 1 reply' : `View ${comment.replyCount} replies`}
          </button>
        )}
      </div>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {replying && (
        <Composer
          label={`Reply to ${comment.author.displayName}`}
          submitLabel="Reply"
          onCancel={() => setReplying(false)}
          onSubmit={async (text) => {
            const reply = await social.post(api, videoKey, text, comment.id);
            setReplies((old) => [...(old ?? []), reply]);
            onChanged({ ...comment, replyCount: comment.replyCount + 1 });
            setReplying(false);
          }}
        />
      )}
      {replies && replies.length > 0 && (
        <ul className="replies" aria-label={`Replies to ${comment.author.displayName}`}>
          {replies.map((r) => (
            <CommentItem
              key={r.id}
              comment={r}
              videoKey={videoKey}
              onChanged={(c) => setReplies((old) => (old ?? []).map((x) => (x.id === c.id ? c : x)))}
              onDeleted={replyDeleted}
            />
          ))}
        </ul>
      )}
      {repliesCursor && (
        <button type="button" onClick={() => void loadReplies(repliesCursor)}>
          More replies
        </button>
      )}
    </li>
  );
}

/** The comments under a video: newest or top, paged, with one level of replies. */
export function CommentThread({
  videoKey,
  count,
  onCountChange,
}: {
  videoKey: string;
  count: number;
  onCountChange?: (delta: number) => void;
}) {
  const { api, status } = useAuth();
  const [sort, setSort] = useState<Sort>('newest');
  const [items, setItems] = useState<Comment[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const generation = useRef(0);

  // another video, order or viewer: loading from this render on (adjusted while rendering, not in the effect)
  const [shown, setShown] = useState({ videoKey, sort, status });
  if (shown.videoKey !== videoKey || shown.sort !== sort || shown.status !== status) {
    setShown({ videoKey, sort, status });
    setLoading(true);
    setError(null);
  }

  /** Fetches a page; the caller has set loading (and cleared the error) already. */
  const load = useCallback(
    (from: string | null) => {
      const gen = from ? generation.current : ++generation.current;
      return social
        .comments(api, videoKey, sort, from)
        .then((page) => {
          if (gen !== generation.current) return;
          setItems((old) => {
            const seen = new Set(from ? old.map((c) => c.id) : []);
            return [...(from ? old : []), ...page.items.filter((c) => !seen.has(c.id))];
          });
          setCursor(page.nextCursor);
        })
        .catch((e) => {
          if (gen === generation.current) setError(e);
        })
        .finally(() => {
          if (gen === generation.current) setLoading(false);
        });
    },
    [api, videoKey, sort],
  );
  const fetchPage = (from: string | null) => {
    setLoading(true);
    setError(null);
    void load(from);
  };

  // reload when the session settles too: "mine" and "canDelete" depend on who asks
  useEffect(() => {
    if (status !== 'loading') void load(null);
  }, [load, status]);

  const replace = (c: Comment) => setItems((old) => old.map((x) => (x.id === c.id ? c : x)));
  const removed = (c: Comment) => {
    setItems((old) => old.filter((x) => x.id !== c.id));
    onCountChange?.(-(1 + (c.parentId == null ? c.replyCount : 0)));
  };

  return (
    <section className="comments" aria-labelledby="comments-title">
      <div className="comments-head">
        <h2 id="comments-title">{count === 1 ? '1 comment' : `${count} comments`}</h2>
        <label>
          Sort by{' '}
          <select value={sort} onChange={(e) => setSort(e.target.value as Sort)}>
            <option value="newest">Newest</option>
            <option value="top">Top</option>
          </select>
        </label>
      </div>
      {status === 'signed-in' ? (
        <Composer
          label="Add a comment"
          submitLabel="Comment"
          onSubmit={async (text) => {
            const c = await social.post(api, videoKey, text);
            setItems((old) => [c, ...old]);
            onCountChange?.(1);
          }}
        />
      ) : status !== 'loading' ? (
        <p className="hint">
          <Link to="/login">Sign in</Link> to comment.
        </p>
      ) : null}
      {error ? (
        <ErrorPanel error={error} onRetry={() => fetchPage(null)} />
      ) : (
        <>
          <ul className="comment-list">
            {items.map((c) => (
              <CommentItem
                key={c.id}
                comment={c}
                videoKey={videoKey}
                onChanged={(updated) => {
                  if (updated.replyCount !== c.replyCount) onCountChange?.(updated.replyCount - c.replyCount);
                  replace(updated);
                }}
                onDeleted={removed}
              />
            ))}
          </ul>
          {loading && <Spinner label="Loading comments" />}
          {!loading && items.length === 0 && <p className="hint">No comments yet.</p>}
          {!loading && cursor && (
            <button type="button" onClick={() => fetchPage(cursor)}>
              More comments
            </button>
          )}
        </>
      )}
    </section>
  );
}
