import { FormEvent, useId, useState } from 'react';
import { friendlyMessage } from '../api/client';
import { useAuth } from '../auth/AuthContext';
import { moderation, Reason, REASON_LABELS, REASONS, TargetType } from './api';

/** "Report": a small form (reason and an optional note) that files an abuse report. */
export function ReportButton({ targetType, targetId, label }: { targetType: TargetType; targetId: string; label: string }) {
  const { api, status } = useAuth();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState<Reason>('spam');
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const id = useId();
  if (status !== 'signed-in') return null;
  if (done)
    return (
      <span className="meta" role="status">
        Reported. Thank you: a moderator will look at it.
      </span>
    );
  if (!open)
    return (
      <button type="button" onClick={() => setOpen(true)} aria-label={label}>
        Report
      </button>
    );
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await moderation.report(api, targetType, targetId, reason, text.trim());
      setDone(true);
    } catch (err) {
      setError(friendlyMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="report-form" onSubmit={(e) => void submit(e)} aria-label={label}>
      <label htmlFor={`${id}-reason`}>Reason</label>
      <select id={`${id}-reason`} value={reason} onChange={(e) => setReason(e.target.value as Reason)}>
        {REASONS.map((r) => (
          <option key={r} value={r}>
            {REASON_LABELS[r]}
          </option>
        ))}
      </select>
      <label htmlFor={`${id}-text`}>What is wrong (optional)</label>
      <textarea id={`${id}-text`} value={text} maxLength={2000} rows={2} onChange={(e) => setText(e.target.value)} />
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          Send report
        </button>
        <button type="button" onClick={() => setOpen(false)}>
          Cancel
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
