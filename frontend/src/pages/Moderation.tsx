import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { friendlyMessage } from '../api/client';
import { useAuth } from '../auth/AuthContext';
import { ErrorPanel, Spinner } from '../components/ErrorPanel';
import { formatAge } from '../lib/format';
import { useAsync } from '../lib/useAsync';
import { moderation, REASON_LABELS, Report, ReportState } from '../moderation/api';

const STATES: ReportState[] = ['open', 'accepted', 'rejected'];

/** One action that needs a reason: the button opens a field, then confirms. */
function ReasonAction({ label, onConfirm }: { label: string; onConfirm: (reason: string) => Promise<void> }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  if (!open)
    return (
      <button type="button" onClick={() => setOpen(true)}>
        {label}
      </button>
    );
  return (
    <span className="reason-action">
      <label>
        Reason for “{label}”
        <input value={reason} maxLength={1000} onChange={(e) => setReason(e.target.value)} />
      </label>
      <button type="button" className="danger" disabled={!reason.trim()} onClick={() => void onConfirm(reason.trim())}>
        Confirm {label.toLowerCase()}
      </button>
      <button type="button" onClick={() => setOpen(false)}>
        Cancel
      </button>
    </span>
  );
}

function ReportItem({ report, onDone }: { report: Report; onDone: (message: string) => void }) {
  const { api } = useAuth();
  const [error, setError] = useState<string | null>(null);
  const act = async (what: () => Promise<unknown>, message: string) => {
    setError(null);
    try {
      await what();
      onDone(message);
    } catch (e) {
      setError(friendlyMessage(e));
    }
  };
  const title = report.videoTitle || report.videoKey;
  return (
    <li className="report" data-testid="report">
      <p>
        <strong>{REASON_LABELS[report.reason] ?? report.reason}</strong> · {report.targetType}{' '}
        {report.targetType === 'video' ? (
          <Link to={`/watch/${encodeURIComponent(report.videoKey)}`}>{title}</Link>
        ) : (
          <>
            on <Link to={`/watch/${encodeURIComponent(report.videoKey)}`}>{title}</Link>
          </>
        )}{' '}
        by {report.targetOwnerName ?? 'a deleted account'}
        {report.videoTakenDown && <span className="tag">taken down</span>}
        {report.targetOwnerDisabled && <span className="tag">account disabled</span>}
      </p>
      {report.targetType === 'comment' && report.excerpt && <blockquote className="comment-body">{report.excerpt}</blockquote>}
      {report.text && (
        <p className="meta">
          {report.reporterName}: {report.text}
        </p>
      )}
      <p className="meta">
        Reported <time dateTime={report.createdAt}>{formatAge(report.createdAt)}</time>
        {report.outcome && ` · ${report.outcome}`}
      </p>
      {report.state === 'open' && (
        <div className="actions">
          {report.targetType === 'video' && !report.videoTakenDown && (
            <ReasonAction
              label="Take down"
              onConfirm={(r) => act(() => moderation.takedown(api, report.videoKey, r), 'Video taken down.')}
            />
          )}
          {report.targetType === 'video' && report.videoTakenDown && (
            <button type="button" onClick={() => void act(() => moderation.restore(api, report.videoKey), 'Video restored.')}>
              Restore
            </button>
          )}
          {report.targetType === 'comment' && (
            <button type="button" onClick={() => void act(() => moderation.deleteComment(api, report.targetId), 'Comment deleted.')}>
              Delete comment
            </button>
          )}
          {!report.targetOwnerDisabled && (
            <ReasonAction
              label="Disable account"
              onConfirm={(r) => act(() => moderation.disable(api, report.targetOwnerId, r), 'Account disabled.')}
            />
          )}
          <button type="button" onClick={() => void act(() => moderation.reject(api, report.id), 'Report rejected.')}>
            Reject report
          </button>
        </div>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}

/** The reports of one state, page by page (the cursor of the API); reload starts again. */
function useReports(state: ReportState) {
  const { api } = useAuth();
  const [data, setData] = useState<{ items: Report[]; nextCursor: string | null }>();
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const load = useCallback(
    async (cursor: string | null) => {
      setLoading(true);
      setError(null);
      try {
        const page = await moderation.reports(api, state, cursor);
        setData((old) => ({ items: [...(cursor && old ? old.items : []), ...page.items], nextCursor: page.nextCursor }));
      } catch (e) {
        setError(e);
      } finally {
        setLoading(false);
      }
    },
    [api, state],
  );
  // another tab: nothing stale meanwhile (reset while rendering, not in an effect)
  const [shownState, setShownState] = useState(state);
  if (shownState !== state) {
    setShownState(state);
    setData(undefined);
    setLoading(true);
  }
  useEffect(() => {
    // after an action the list stays until the fresh one arrives
    let cancelled = false;
    moderation
      .reports(api, state, null)
      .then((page) => {
        if (cancelled) return;
        setError(null);
        setData({ items: page.items, nextCursor: page.nextCursor });
      })
      .catch((e) => !cancelled && setError(e))
      .finally(() => !cancelled && setLoading(false));
    return () => {
      cancelled = true;
    };
  }, [api, state, tick]);
  return {
    data,
    error,
    loading,
    reload: () => {
      setLoading(true);
      setTick((t) => t + 1);
    },
    more: () => void load(data?.nextCursor ?? null),
  };
}

/** /moderation (moderators and admins): the report queue by state, and open appeals. */
export function Moderation() {
  const { api } = useAuth();
  const [state, setState] = useState<ReportState>('open');
  const [notice, setNotice] = useState<string | null>(null);
  const reports = useReports(state);
  const appeals = useAsync(() => moderation.appeals(api, 'open'), [api]);
  const [appealError, setAppealError] = useState<string | null>(null);
  const done = (message: string) => {
    setNotice(message);
    reports.reload();
    appeals.reload();
  };
  const decideAppeal = async (what: () => Promise<unknown>, message: string) => {
    setAppealError(null);
    try {
      await what();
      done(message);
    } catch (e) {
      setAppealError(friendlyMessage(e));
    }
  };
  return (
    <section className="moderation">
      <h1>Moderation</h1>
      {notice && (
        <p role="status" className="notice">
          {notice}
        </p>
      )}
      <div role="tablist" aria-label="Reports by state">
        {STATES.map((s) => (
          <button key={s} type="button" role="tab" aria-selected={state === s} onClick={() => setState(s)}>
            {s[0].toUpperCase() + s.slice(1)} reports
          </button>
        ))}
      </div>
      {reports.error ? (
        <ErrorPanel error={reports.error} onRetry={reports.reload} />
      ) : reports.loading && !reports.data ? (
        <Spinner label="Loading reports" />
      ) : reports.data && reports.data.items.length > 0 ? (
        <>
          <ul className="reports" aria-label={`${state} reports`}>
            {reports.data.items.map((r) => (
              <ReportItem key={r.id} report={r} onDone={done} />
            ))}
          </ul>
          {reports.data.nextCursor && (
            <button type="button" onClick={reports.more} disabled={reports.loading}>
              More reports
            </button>
          )}
        </>
      ) : (
        <p className="empty">No {state} reports.</p>
      )}
      <h2>Open appeals</h2>
      {appeals.error ? (
        <ErrorPanel error={appeals.error} onRetry={appeals.reload} />
      ) : appeals.data && appeals.data.items.length > 0 ? (
        <ul className="appeals" aria-label="Open appeals">
          {appeals.data.items.map((a) => (
            <li key={a.videoKey} data-testid="appeal">
              <p>
                <Link to={`/watch/${encodeURIComponent(a.videoKey)}`}>{a.videoTitle || a.videoKey}</Link> by {a.ownerName} · taken down for:{' '}
                {a.takedownReason}
              </p>
              <p className="meta">Appeal: {a.text}</p>
              <div className="actions">
                <button type="button" onClick={() => void decideAppeal(() => moderation.restore(api, a.videoKey), 'Video restored.')}>
                  Restore video
                </button>
                <button type="button" onClick={() => void decideAppeal(() => moderation.rejectAppeal(api, a.videoKey), 'Appeal rejected.')}>
                  Reject appeal
                </button>
              </div>
            </li>
          ))}
        </ul>
      ) : (
        <p className="empty">No open appeals.</p>
      )}
      {appealError && (
        <p className="form-error" role="alert">
          {appealError}
        </p>
      )}
    </section>
  );
}
