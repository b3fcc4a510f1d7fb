import { FormEvent, useState } from 'react';
import { friendlyMessage } from '../api/client';
import { useAuth } from '../auth/AuthContext';
import { MAX_THUMBNAIL_BYTES, viewers } from './api';

/** The owner's thumbnail picker (My videos, edit area of a READY video): a frame, or a picture. */
export function ThumbnailPicker({ videoKey, durationSeconds }: { videoKey: string; durationSeconds: number | null }) {
  const { api } = useAuth();
  const [seconds, setSeconds] = useState('1');
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [preview, setPreview] = useState<string | null>(null);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const id = `thumb-${videoKey}`;

  const run = async (work: () => Promise<{ thumbnailUrl: string }>) => {
    setBusy(true);
    setMessage(null);
    try {
      const done = await work();
      setPreview(done.thumbnailUrl);
      setMessage({ text: 'Thumbnail updated.', error: false });
    } catch (e) {
      setMessage({ text: friendlyMessage(e), error: true });
    } finally {
      setBusy(false);
    }
  };

  const frame = (e: FormEvent) => {
    e.preventDefault();
    const value = Number(seconds);
    if (!Number.isFinite(value) || value < 0 || (durationSeconds != null && value > durationSeconds)) {
      setMessage({ text: `Pick a time from 0 to ${durationSeconds ?? 'the end'} seconds.`, error: true });
      return;
    }
    void run(() => viewers.frame(api, videoKey, value));
  };

  const upload = (e: FormEvent) => {
    e.preventDefault();
    if (!file) return;
    if (!['image/jpeg', 'image/png'].includes(file.type)) {
      setMessage({ text: 'Choose a JPEG or PNG image.', error: true });
      return;
    }
    if (file.size > MAX_THUMBNAIL_BYTES) {
      setMessage({ text: 'The image may have at most 2 MB.', error: true });
      return;
    }
    void run(() => viewers.picture(api, videoKey, file));
  };

  return (
    <div className="thumbnail-picker" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>Thumbnail</h3>
      {preview && <img src={preview} alt="The new thumbnail" className="thumb-preview" />}
      <form onSubmit={frame} className="inline-form">
        <label htmlFor={`${id}-time`}>Frame at (seconds)</label>
        <input id={`${id}-time`} inputMode="decimal" value={seconds} onChange={(e) => setSeconds(e.currentTarget.value)} />
        <button type="submit" disabled={busy}>
          Use this frame
        </button>
      </form>
      <form onSubmit={upload} className="inline-form">
        <label htmlFor={`${id}-file`}>Or upload a picture (JPEG or PNG, up to 2 MB)</label>
        <input id={`${id}-file`} type="file" accept="image/jpeg,image/png" onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)} />
        <button type="submit" disabled={busy || !file}>
          Upload picture
        </button>
      </form>
      {message && (
        <p role={message.error ? 'alert' : 'status'} className={message.error ? 'form-error' : undefined}>
          {message.text}
        </p>
      )}
    </div>
  );
}
