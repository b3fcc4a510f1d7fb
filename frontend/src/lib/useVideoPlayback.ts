import { useCallback } from 'react';
import { Playback, toVideo } from '../api/types';
import { useAuth } from '../auth/AuthContext';
import { useAsync } from './useAsync';

/**
 * A video and, once it is READY, its playback URLs, with a refresh for expired ones (watch page and
 * embeddable player). Waits for the session to be restored so an owner's private video loads after
 * a reload.
 */
export function useVideoPlayback(videoKey: string) {
  const { api, status } = useAuth();
  const key = encodeURIComponent(videoKey);
  const ready = status !== 'loading';
  const video = useAsync(async (signal) => (ready ? toVideo(await api.get(`/api/videos/${key}`, { signal })) : undefined), [key, ready]);
  const isReady = video.data?.state === 'READY';
  const playback = useAsync(
    async (signal) => (isReady ? api.get<Playback>(`/api/videos/${key}/playback`, { signal }) : undefined),
    [key, isReady],
  );
  const refresh = useCallback(() => api.get<Playback>(`/api/videos/${key}/playback`), [api, key]);
  return { key, ready, video, isReady, playback, refresh };
}
