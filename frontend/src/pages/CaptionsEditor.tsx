import { FormEvent, useState } from 'react';
import { friendlyMessage } from '../api/client';
import { CaptionTrack } from '../api/types';
import { useAuth } from '../auth/AuthContext';
import { useAsync } from '../lib/useAsync';

const LANGUAGES: [string, string][] = [
  ['en', 'English'],
  ['es', 'Spanish'],
  ['fr', 'French'],
  ['de', 'German'],
  ['it', 'Italian'],
  ['pt', 'Portuguese'],
  ['pt-BR', 'Portuguese (Brazil)'],
  ['nl', 'Dutch'],
  ['pl', 'Polish'],
  ['ru', 'Russian'],
  ['uk', 'Ukrainian'],
  ['tr', 'Turkish'],
  ['ar', 'Arabic'],
  ['hi', 'Hindi'],
  ['ja', 'Japanese'],
  ['ko', 'Korean'],
  ['zh', 'Chinese'],
];

/** The caption tracks of a READY video: add (WebVTT or SubRip), replace, remove. */
export function CaptionsEditor({ videoKey }: { videoKey: string }) {
  const { api } = useAuth();
  const path = `/api/videos/${encodeURIComponent(videoKey)}/captions`;
  const list = useAsync(async (signal) => (await api.get<{ items: CaptionTrack[] }>(path, { signal })).items, [path]);
  const [file, setFile] = useState<File | null>(null);
  const [lang, setLang] = useState('en');
  const [label, setLabel] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);

  const add = async (e: FormEvent) => {
    e.preventDefault();
    if (!file) return;
    setBusy(true);
    setMessage(null);
    try {
      const query = label.trim() ? `?label=${encodeURIComponent(label.trim())}` : '';
      const track = await api.request<CaptionTrack>(`${path}/${encodeURIComponent(lang.trim())}${query}`, {
        method: 'PUT',
        text: { body: await file.text(), type: file.name.toLowerCase().endsWith('.srt') ? 'application/x-subrip' : 'text/vtt' },
      });
      setMessage({ text: `Captions "${track.label}" saved.`, error: false });
      setFile(null);
      setLabel('');
      list.reload();
    } catch (err) {
      setMessage({ text: friendlyMessage(err), error: true });
    } finally {
      setBusy(false);
    }
  };

  const remove = async (track: CaptionTrack) => {
    setMessage(null);
    try {
      await api.delete(`${path}/${encodeURIComponent(track.lang)}`, { retries: 2 });
      setMessage({ text: `Captions "${track.label}" removed.`, error: false });
      list.reload();
    } catch (err) {
      setMessage({ text: friendlyMessage(err), error: true });
    }
  };

  const id = `cap-${videoKey}`;
  return (
    <section className="captions-editor" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>Captions</h3>
      {list.data && list.data.length === 0 && <p>No captions yet.</p>}
      {list.data && list.data.length > 0 && (
        <ul>
          {list.data.map((t) => (
            <li key={t.lang}>
              {t.label} <span className="muted">({t.lang})</span>{' '}
              <button type="button" className="danger" onClick={() => void remove(t)} aria-label={`Remove captions ${t.label}`}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={add}>
        <label htmlFor={`${id}-file`}>Caption file (.vtt or .srt)</label>
        <input
          id={`${id}-file`}
          type="file"
          accept=".vtt,.srt,text/vtt,application/x-subrip"
          onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)}
        />
        <label htmlFor={`${id}-lang`}>Language</label>
        <input
          id={`${id}-lang`}
          list={`${id}-langs`}
          value={lang}
          onChange={(e) => setLang(e.currentTarget.value)}
          required
          pattern="[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,2}"
          title="A language tag such as en, fr or pt-BR"
        />
        <datalist id={`${id}-langs`}>
          {LANGUAGES.map(([tag, name]) => (
            <option key={tag} value={tag}>
              {name}
            </option>
          ))}
        </datalist>
        <label htmlFor={`${id}-label`}>Label (optional)</label>
        <input
          id={`${id}-label`}
          value={label}
          maxLength={64}
          placeholder="e.g. English (CC)"
          onChange={(e) => setLabel(e.currentTarget.value)}
        />
        {message && (
          <p className={message.error ? 'form-error' : 'notice'} role={message.error ? 'alert' : 'status'}>
            {message.text}
          </p>
        )}
        <button type="submit" disabled={busy || !file}>
          {busy ? 'Saving…' : 'Add captions'}
        </button>
      </form>
    </section>
  );
}
