import Hls from 'hls.js';
import { KeyboardEvent, MouseEvent, useCallback, useEffect, useRef, useState } from 'react';
import { Playback } from '../api/types';
import { formatDuration } from '../lib/format';
import { Icon } from './Icon';
import { cueAt, parseStoryboardVtt, StoryboardCue } from './storyboard';

export interface Rung {
  index: number;
  height: number;
  bitrate: number;
}

interface Props {
  playback: Playback;
  title: string;
  /** Fetches fresh playback URLs (playlists and presigned URLs expire). */
  refresh?: () => Promise<Playback>;
  /** Told when the video plays to its end (a playlist moves on to the next one). */
  onEnded?: () => void;
  /** Starts playing by itself when the browser lets it (the next video of a playlist). */
  autoPlay?: boolean;
}

type Mode = 'hls.js' | 'native' | 'mp4' | 'none';

/** Picks how to play: hls.js where MSE exists, the browser's own HLS (Safari), else the MP4. */
export function playbackMode(video: HTMLVideoElement, playback: Playback): Mode {
  if (Hls.isSupported()) return 'hls.js';
  if (video.canPlayType('application/vnd.apple.mpegurl')) return 'native';
  return playback.mp4 ? 'mp4' : 'none';
}

/**
 * Milliseconds until the player should fetch fresh playback: 30 s before the token expires or the
 * presigned URLs' guaranteed lifetime ends, whichever is first (at least 5 s); null when the answer
 * says neither.
 */
export function renewalDelay(playback: Playback, now: number): number | null {
  const ends: number[] = [];
  if (playback.expiresAt) {
    const at = Date.parse(playback.expiresAt);
    if (!Number.isNaN(at)) ends.push(at);
  }
  if (playback.urlsExpireInSeconds && playback.urlsExpireInSeconds > 0) {
    ends.push(now + playback.urlsExpireInSeconds * 1000);
  }
  if (ends.length === 0) return null;
  return Math.max(5_000, Math.min(...ends) - now - 30_000);
}

/** Shows the subtitle track of this language (none for ''), hides the others. */
function showCaptions(video: HTMLVideoElement, lang: string) {
  const list = video.textTracks;
  for (let i = 0; i < list.length; i++) {
    const track = list[i];
    if (track.kind !== 'subtitles') continue;
    track.mode = lang && track.language === lang ? 'showing' : 'disabled';
  }
}

/** The video's stream base (/api/stream/{videoKey}/), to tell the same video's new playback. */
export function streamOf(playback: Playback): string {
  const path = playback.hls.split('?')[0];
  return path.substring(0, path.lastIndexOf('/') + 1);
}

export function Player({ playback, title, refresh, onEnded, autoPlay }: Props) {
  const videoRef = useRef<HTMLVideoElement>(null);
  const hlsRef = useRef<Hls | null>(null);
  const current = useRef(playback);
  const resumeAt = useRef(0);
  const refreshes = useRef(0);
  const lastRefresh = useRef(0);
  const [mode, setMode] = useState<Mode>('none');
  const [rungs, setRungs] = useState<Rung[]>([]);
  const [quality, setQuality] = useState(-1);
  const [activeHeight, setActiveHeight] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [paused, setPaused] = useState(true);
  const [time, setTime] = useState(0);
  const [duration, setDuration] = useState(0);
  const [muted, setMuted] = useState(false);
  // the storyboard cues of one VTT index (others' cues are never shown)
  const [storyboard, setStoryboard] = useState<{ vtt: string; cues: StoryboardCue[] } | null>(null);
  const [hover, setHover] = useState<{ x: number; time: number } | null>(null);
  const [generation, setGeneration] = useState(0);
  const [captionLang, setCaptionLang] = useState('');
  const tracks = playback.captions ?? [];

  const recover = useCallback(async () => {
    // Playlists and presigned URLs are short-lived: fetch fresh ones and carry on where we were.
    // a few quick tries; after a minute of good playback the budget starts again (long sessions
    // outlive several URL lifetimes)
    if (Date.now() - lastRefresh.current > 60_000) refreshes.current = 0;
    if (refresh && refreshes.current < 3) {
      refreshes.current += 1;
      lastRefresh.current = Date.now();
      resumeAt.current = videoRef.current?.currentTime ?? 0;
      try {
        current.current = await refresh();
        setGeneration((g) => g + 1);
        return;
      } catch {
        // fall through to the message
      }
    }
    setError('The video could not be loaded.');
  }, [refresh]);

  // Attach the source (again after a refresh of expired URLs).
  useEffect(() => {
    const video = videoRef.current;
    if (!video) return;
    const source = current.current;
    const chosen = playbackMode(video, source);
    setMode(chosen);
    setError(null);
    const startAt = resumeAt.current;
    if (chosen === 'hls.js') {
      // a video still processing has growing (EVENT) playlists: start at its beginning, not at the
      // live edge
      const start = startAt > 0 ? startAt : source.processing ? 0 : -1;
      const hls = new Hls({ startPosition: start, capLevelToPlayerSize: false });
      hlsRef.current = hls;
      hls.on(Hls.Events.MANIFEST_PARSED, (_e, data) => {
        const list = data.levels.map((l, index) => ({ index, height: l.height, bitrate: l.bitrate }));
        setRungs(list.sort((a, b) => b.height - a.height));
      });
      hls.on(Hls.Events.LEVEL_SWITCHED, (_e, data) => {
        setActiveHeight(hls.levels[data.level]?.height ?? null);
      });
      hls.on(Hls.Events.ERROR, (_e, data) => {
        if (!data.fatal) return;
        if (data.type === Hls.ErrorTypes.MEDIA_ERROR) {
          hls.recoverMediaError();
          return;
        }
        void recover();
      });
      hls.loadSource(source.hls);
      hls.attachMedia(video);
      return () => {
        hls.destroy();
        hlsRef.current = null;
      };
    }
    const src = chosen === 'native' ? source.hls : chosen === 'mp4' ? source.mp4 : null;
    if (!src) {
      setError('This browser cannot play this video.');
      return;
    }
    video.src = src;
    if (startAt > 0) video.currentTime = startAt;
    const onError = () => void recover();
    video.addEventListener('error', onError);
    return () => video.removeEventListener('error', onError);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [generation]);

  // Renew before anything expires (a private video's links live minutes): fetch fresh playback a
  // little ahead of the token's expiry or the presigned URLs' guaranteed lifetime, whichever comes
  // first, and carry on from the same position without a visible error.
  useEffect(() => {
    if (!refresh) return;
    const delay = renewalDelay(current.current, Date.now());
    if (delay === null) return;
    const timer = window.setTimeout(() => {
      const video = videoRef.current;
      resumeAt.current = video?.currentTime ?? 0;
      const wasPlaying = video ? !video.paused : false;
      refresh()
        .then((fresh) => {
          current.current = fresh;
          setGeneration((g) => g + 1);
          if (wasPlaying && video) void video.play()?.catch(() => undefined);
        })
        .catch(() => {
          // the next error (if any) takes the recovery path
        });
    }, delay);
    return () => window.clearTimeout(timer);
  }, [generation, refresh]);

  // New playback from the parent: another video starts over; the same video (its final playlists
  // once READY, after it played while processing) carries on from where the viewer is.
  useEffect(() => {
    if (current.current !== playback) {
      const same = streamOf(current.current) === streamOf(playback);
      if (same && !!current.current.processing === !!playback.processing) {
        current.current = playback; // fresh links for the same playlists: nothing to restart
        return;
      }
      const video = videoRef.current;
      const wasPlaying = same && video ? !video.paused : false;
      current.current = playback;
      resumeAt.current = same ? (video?.currentTime ?? 0) : 0;
      setGeneration((g) => g + 1);
      if (wasPlaying && video) void video.play()?.catch(() => undefined);
    }
  }, [playback]);

  // Storyboard cues for seek previews.
  useEffect(() => {
    const vtt = playback.storyboard?.vtt;
    if (!vtt) return;
    let cancelled = false;
    fetch(vtt)
      .then((r) => (r.ok ? r.text() : ''))
      .then((text) => {
        if (!cancelled) setStoryboard({ vtt, cues: parseStoryboardVtt(text, new URL(vtt, window.location.href).toString()) });
      })
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [playback.storyboard?.vtt]);

  // Show the chosen caption track (the browser renders WebVTT cues as text, never as HTML).
  useEffect(() => {
    if (videoRef.current) showCaptions(videoRef.current, captionLang);
  }, [captionLang, playback]);

  const chooseQuality = (index: number) => {
    setQuality(index);
    const hls = hlsRef.current;
    if (hls) hls.currentLevel = index;
  };

  const toggle = () => {
    const video = videoRef.current;
    if (!video) return;
    if (video.paused) void video.play().catch(() => undefined);
    else video.pause();
  };

  const seekTo = (t: number) => {
    const video = videoRef.current;
    if (video && Number.isFinite(t)) video.currentTime = Math.max(0, Math.min(t, duration || t));
  };

  const onKey = (e: KeyboardEvent) => {
    if (e.target instanceof HTMLSelectElement || e.target instanceof HTMLInputElement) return;
    if (e.key === ' ' || e.key === 'k') {
      e.preventDefault();
      toggle();
    } else if (e.key === 'ArrowRight' || e.key === 'l') {
      seekTo(time + 5);
    } else if (e.key === 'ArrowLeft' || e.key === 'j') {
      seekTo(time - 5);
    } else if (e.key === 'm') {
      if (videoRef.current) videoRef.current.muted = !videoRef.current.muted;
    } else if (e.key === 'c' && tracks.length > 0) {
      // toggles the first track, as YouTube's "c" does
      setCaptionLang((lang) => (lang ? '' : tracks[0].lang));
    } else if (e.key === 'f') {
      void videoRef.current?.parentElement?.requestFullscreen?.().catch(() => undefined);
    }
  };

  const onSeekHover = (e: MouseEvent<HTMLInputElement>) => {
    const rect = e.currentTarget.getBoundingClientRect();
    const ratio = rect.width > 0 ? Math.min(1, Math.max(0, (e.clientX - rect.left) / rect.width)) : 0;
    setHover({ x: ratio * 100, time: ratio * (duration || 0) });
  };

  const cues = storyboard && storyboard.vtt === playback.storyboard?.vtt ? storyboard.cues : [];
  const preview = hover ? cueAt(cues, hover.time) : null;

  return (
    <div className="player" onKeyDown={onKey} data-mode={mode}>
      <video
        ref={videoRef}
        className="player-video"
        data-testid="player-video"
        poster={playback.poster ?? undefined}
        playsInline
        preload="metadata"
        aria-label={`Video: ${title}`}
        onClick={toggle}
        autoPlay={autoPlay}
        onEnded={onEnded}
        onPlay={() => setPaused(false)}
        onPause={() => setPaused(true)}
        onTimeUpdate={(e) => setTime(e.currentTarget.currentTime)}
        onDurationChange={(e) => setDuration(Number.isFinite(e.currentTarget.duration) ? e.currentTarget.duration : 0)}
        onVolumeChange={(e) => setMuted(e.currentTarget.muted)}
      >
        {tracks.map((t) => (t.url ? <track key={t.lang} kind="subtitles" srcLang={t.lang} label={t.label} src={t.url} /> : null))}
      </video>
      {playback.processing && (
        <p className="player-processing" role="status">
          Still processing — more qualities soon
        </p>
      )}
      {error && (
        <div className="player-error" role="alert">
          {error}{' '}
          <button
            type="button"
            onClick={() => {
              refreshes.current = 0;
              void recover();
            }}
          >
            Try again
          </button>
        </div>
      )}
      <div className="player-controls">
        <button type="button" onClick={toggle} aria-label={paused ? 'Play' : 'Pause'}>
          <Icon name={paused ? 'play' : 'pause'} />
        </button>
        <div className="seek">
          {preview && hover && (
            <div
              className="seek-preview"
              data-testid="seek-preview"
              style={{
                left: `${hover.x}%`,
                width: preview.w,
                height: preview.h,
                backgroundImage: `url("${preview.url}")`,
                backgroundPosition: `-${preview.x}px -${preview.y}px`,
              }}
            >
              <span>{formatDuration(hover.time)}</span>
            </div>
          )}
          <input
            type="range"
            aria-label="Seek"
            min={0}
            max={duration || 0}
            step={0.1}
            value={Math.min(time, duration || 0)}
            aria-valuetext={`${formatDuration(time)} of ${formatDuration(duration)}`}
            onChange={(e) => seekTo(Number(e.currentTarget.value))}
            onMouseMove={onSeekHover}
            onMouseLeave={() => setHover(null)}
          />
        </div>
        <span className="time" aria-live="off">
          {formatDuration(time)} / {formatDuration(duration)}
        </span>
        <button
          type="button"
          aria-label={muted ? 'Unmute' : 'Mute'}
          onClick={() => {
            if (videoRef.current) videoRef.current.muted = !videoRef.current.muted;
          }}
        >
          <Icon name={muted ? 'muted' : 'volume'} />
        </button>
        {mode === 'hls.js' && rungs.length > 0 && (
          <label className="quality">
            <span className="visually-hidden">Quality</span>
            <select aria-label="Quality" value={quality} onChange={(e) => chooseQuality(Number(e.currentTarget.value))}>
              <option value={-1}>Auto{quality === -1 && activeHeight ? ` (${activeHeight}p)` : ''}</option>
              {rungs.map((r) => (
                <option key={r.index} value={r.index}>
                  {r.height}p
                </option>
              ))}
            </select>
          </label>
        )}
        {tracks.length > 0 && (
          <label className="quality">
            <span className="visually-hidden">Captions</span>
            <select aria-label="Captions" value={captionLang} onChange={(e) => setCaptionLang(e.currentTarget.value)}>
              <option value="">Captions off</option>
              {tracks.map((t) => (
                <option key={t.lang} value={t.lang}>
                  {t.label}
                </option>
              ))}
            </select>
          </label>
        )}
        <button
          type="button"
          aria-label="Full screen"
          onClick={() => void videoRef.current?.parentElement?.requestFullscreen?.().catch(() => undefined)}
        >
          <Icon name="fullscreen" />
        </button>
      </div>
    </div>
  );
}
