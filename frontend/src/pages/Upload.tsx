import { DragEvent, FormEvent, useEffect, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { ApiError, friendlyMessage } from '../api/client';
import { toVideo, UploadCreated, UploadRequest, Video, Visibility } from '../api/types';
import { useAuth } from '../auth/AuthContext';
import { formatBytes, formatEta } from '../lib/format';
import { pendingUpload, Progress, ResumeState, toUploadPlan, Transport, Uploader, UploadPlan } from '../upload/uploader';

type Phase = 'choose' | 'uploading' | 'processing' | 'ready' | 'failed' | 'cancelled' | 'error';

interface Props {
  transport?: Transport;
  pollMs?: number;
}

export function Upload({ transport, pollMs = 2000 }: Props) {
  const { api } = useAuth();
  // ?multipart=1 asks for a multipart upload whatever the size (the server decides by size otherwise)
  const [params] = useSearchParams();
  const forceMultipart = params.get('multipart') === '1';
  const [file, setFile] = useState<File | null>(null);
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [visibility, setVisibility] = useState<Visibility>('PUBLIC');
  const [phase, setPhase] = useState<Phase>('choose');
  const [progress, setProgress] = useState<Progress | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  // a refusal by the upload limits (issue 12): the message comes with where to see or free them
  const [limitCode, setLimitCode] = useState<string | null>(null);
  const [videoKey, setVideoKey] = useState<string | null>(null);
  const [video, setVideo] = useState<Video | null>(null);
  const [resume, setResume] = useState<ResumeState | null>(null);
  const [dragging, setDragging] = useState(false);
  const uploader = useRef<Uploader | null>(null);

  const pick = (f: File | null | undefined) => {
    if (!f) return;
    setFile(f);
    setMessage(null);
    setLimitCode(null);
    if (!title) setTitle(f.name.replace(/\.[^.]+$/, '').slice(0, 200));
    setResume(pendingUpload(f));
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    pick(e.dataTransfer.files?.[0]);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!file) {
      setMessage('Choose a video file first.');
      return;
    }
    if (!title.trim()) {
      setMessage('Give your video a title.');
      return;
    }
    setMessage(null);
    setLimitCode(null);
    setPhase('uploading');
    setProgress({ loaded: 0, total: file.size, bytesPerSecond: 0, etaSeconds: null, retrying: false });
    try {
      let key: string;
      let plan: UploadPlan;
      if (resume) {
        key = resume.videoKey;
        plan = { kind: 'multipart', partSize: resume.partSize, partCount: resume.partCount, urls: new Map() };
      } else {
        const request: UploadRequest = {
          fileName: file.name,
          contentType: file.type || 'video/mp4',
          sizeBytes: file.size,
          ...(forceMultipart ? { multipart: true } : {}),
        };
        const created = await api.post<UploadCreated>('/api/upload', request);
        key = created.videoKey;
        plan = toUploadPlan(created.upload);
      }
      setVideoKey(key);
      const meta = { videoKey: key, displayName: title.trim(), description, visibility };
      await api.post('/api/metadata', meta, { retries: 2 });
      const up = new Uploader({ api, videoKey: key, file, plan, onProgress: setProgress, transport });
      uploader.current = up;
      await up.start();
      setResume(null);
      setPhase('processing');
    } catch (err) {
      if (uploader.current?.signal.aborted) return;
      console.error('upload failed', err);
      setMessage(friendlyMessage(err));
      setLimitCode(err instanceof ApiError && (err.code === 'quota-exceeded' || err.code === 'too-many-pending-uploads') ? err.code : null);
      setPhase('error');
    }
  };

  const cancel = async () => {
    await uploader.current?.cancel();
    setPhase('cancelled');
    setProgress(null);
  };

  // Live processing progress until READY or FAILED.
  useEffect(() => {
    if (phase !== 'processing' || !videoKey) return;
    let stop = false;
    const tick = async () => {
      try {
        const v = toVideo(await api.get(`/api/videos/${encodeURIComponent(videoKey)}`));
        if (stop) return;
        setVideo(v);
        if (v.state === 'READY') setPhase('ready');
        else if (v.state === 'FAILED' || v.state === 'EXPIRED') setPhase('failed');
      } catch {
        // keep polling: a passing error should not end the page
      }
    };
    void tick();
    const timer = setInterval(() => void tick(), pollMs);
    return () => {
      stop = true;
      clearInterval(timer);
    };
  }, [phase, videoKey, api, pollMs]);

  const percent = progress && progress.total > 0 ? Math.floor((progress.loaded / progress.total) * 100) : 0;
  const busy = phase === 'uploading';

  return (
    <section className="upload" aria-labelledby="upload-title">
      <h1 id="upload-title">Upload a video</h1>
      {(phase === 'choose' || phase === 'error' || phase === 'cancelled' || phase === 'uploading') && (
        <form onSubmit={submit} noValidate>
          <div
            className={`dropzone${dragging ? ' dragging' : ''}`}
            onDragOver={(e) => {
              e.preventDefault();
              setDragging(true);
            }}
            onDragLeave={() => setDragging(false)}
            onDrop={onDrop}
          >
            <label htmlFor="file">{file ? `${file.name} (${formatBytes(file.size)})` : 'Drop a video here or choose a file'}</label>
            <input
              id="file"
              type="file"
              accept="video/*,.mkv,.mov,.mp4,.webm,.avi"
              disabled={busy}
              onChange={(e) => pick(e.currentTarget.files?.[0])}
            />
          </div>
          {resume && !busy && <p className="hint">You started uploading this file before; it will resume where it stopped.</p>}
          <label htmlFor="title">Title</label>
          <input id="title" value={title} maxLength={200} required disabled={busy} onChange={(e) => setTitle(e.currentTarget.value)} />
          <label htmlFor="description">Description</label>
          <textarea
            id="description"
            value={description}
            maxLength={5000}
            rows={4}
            disabled={busy}
            onChange={(e) => setDescription(e.currentTarget.value)}
          />
          <label htmlFor="visibility">Visibility</label>
          <select id="visibility" value={visibility} disabled={busy} onChange={(e) => setVisibility(e.currentTarget.value as Visibility)}>
            <option value="PUBLIC">Public: listed for everyone</option>
            <option value="UNLISTED">Unlisted: anyone with the link</option>
            <option value="PRIVATE">Private: only me</option>
          </select>
          {message && (
            <p className="form-error" role="alert">
              {message}
              {limitCode === 'too-many-pending-uploads' && (
                <>
                  {' '}
                  <Link to="/me/videos">See your uploads in progress</Link>
                </>
              )}
              {limitCode === 'quota-exceeded' && (
                <>
                  {' '}
                  <Link to="/me/account">See your storage</Link>
                </>
              )}
            </p>
          )}
          {phase === 'cancelled' && <p role="status">Upload cancelled.</p>}
          {!busy && (
            <button type="submit" className="primary">
              {phase === 'error' ? 'Try again' : 'Upload'}
            </button>
          )}
        </form>
      )}
      {busy && progress && (
        <div className="upload-progress" data-testid="upload-progress">
          <progress aria-label="Upload progress" max={100} value={percent} />
          <p aria-live="polite">
            {percent}% · {formatBytes(progress.loaded)} of {formatBytes(progress.total)}
            {progress.bytesPerSecond > 0 && ` · ${formatBytes(progress.bytesPerSecond)}/s`}
            {progress.etaSeconds != null && ` · ${formatEta(progress.etaSeconds)}`}
            {progress.retrying && ' · connection lost, retrying…'}
          </p>
          <button type="button" onClick={() => void cancel()}>
            Cancel upload
          </button>
        </div>
      )}
      {phase === 'processing' && (
        <div className="processing" role="status" data-testid="processing">
          <p>Upload complete. Processing your video…</p>
          <progress aria-label="Processing progress" max={100} value={video?.progressPercent ?? undefined} />
          <p>
            {video?.state === 'PROCESSING' && video.progressPercent != null
              ? `${Math.round(video.progressPercent)}%${video.etaSeconds != null ? ` · ${formatEta(video.etaSeconds)}` : ''}`
              : 'Waiting for a worker…'}
          </p>
        </div>
      )}
      {phase === 'ready' && videoKey && (
        <div className="done" role="status">
          <p>Your video is ready.</p>
          <Link className="button primary" to={`/watch/${videoKey}`}>
            Watch it now
          </Link>
        </div>
      )}
      {phase === 'failed' && (
        <div className="error-panel" role="alert">
          <p>We could not process this video{video?.failureReason ? `: ${video.failureReason}` : '.'}</p>
          <button type="button" onClick={() => setPhase('choose')}>
            Upload another file
          </button>
        </div>
      )}
    </section>
  );
}
