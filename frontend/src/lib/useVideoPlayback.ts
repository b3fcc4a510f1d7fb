import { useCallback, useEffect, useState } from 'react';
import { ApiError } from '../api/client';
import { Playback, toVideo } from '../api/types';
import { useAuth } from '../auth/AuthContext';
import { useAsync } from './useAsync';

/** How often a video still processing is looked at again (progress, first segments, READY). */
export const PROCESSING_POLL_MS = 3000;

/**
 * A video and its playback URLs, with a refresh for expired ones (watch page and embeddable
 * player). Waits for the session to be restored so an owner's private video loads after a reload.
 * While the video is processing it is polled: its playback is asked for until the first segments
 * play (`processing: true`; a 409 means not yet), and again once it is READY, for the final
 * playlists.
 */
export function useVideoPlayback(videoKey: string, pollMs = PROCESSING_POLL_MS) {
  const { api, status } = useAuth();
  const key = encodeURIComponent(videoKey);
  const ready = status !== 'loading';
  const video = useAsync(async (signal) => (ready ? toVideo(await api.get(`/api/videos/${key}`, { signal })) : undefined), [key, ready]);
  const state = video.data?.state;
  const isReady = state === 'READY';
  const phase = isReady ? 'ready' : state === 'PROCESSING' ? 'processing' : 'none';
  const [attempt, setAttempt] = useState(0);
  const playback = useAsync(
    async (signal) => {
      if (phase === 'none') return undefined;
      try {
        return await api.get<Playback>(`/api/videos/${key}/playback`, { signal });
      } catch (e) {
        // still processing and nothing to play yet
        if (phase === 'processing' && e instanceof ApiError && e.status === 409) return undefined;
        throw e;
      }
    },
    [key, phase, attempt],
  );
  const inProgress = state === 'UPLOADED' || state === 'PROCESSING';
  const reloadVideo = video.reload;
  // the video row: progress, and READY (or FAILED) when it comes
  useEffect(() => {
    if (!inProgress) return;
    const timer = window.setInterval(reloadVideo, pollMs);
    return () => window.clearInterval(timer);
  }, [inProgress, reloadVideo, pollMs]);
  // playback of a video still processing: until its first segments play
  const waiting = phase === 'processing' && !playback.loading && !playback.data?.processing;
  useEffect(() => {
    if (!waiting) return;
    const timer = window.setTimeout(() => setAttempt((a) => a + 1), pollMs);
    return () => window.clearTimeout(timer);
  }, [waiting, attempt, pollMs]);
  const refresh = useCallback(() => api.get<Playback>(`/api/videos/${key}/playback`), [api, key]);
  return { key, ready, video, isReady, playback, refresh };
}
