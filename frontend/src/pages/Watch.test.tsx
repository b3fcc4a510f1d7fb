import { act, render, screen, waitFor } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiClient } from '../api/client';
import { AppRoutes } from '../App';
import { AuthProvider } from '../auth/AuthContext';
import { fakeFetch, json, problem } from '../test-utils';

// hls.js stand-in: records the sources the player loads
const hls = vi.hoisted(() => ({ sources: [] as string[], destroyed: 0 }));
vi.mock('hls.js', () => {
  class Hls {
    static Events = { MANIFEST_PARSED: 'manifestParsed', LEVEL_SWITCHED: 'levelSwitched', ERROR: 'error' };
    static ErrorTypes = { NETWORK_ERROR: 'networkError', MEDIA_ERROR: 'mediaError' };
    static isSupported = () => true;
    on() {}
    loadSource(url: string) {
      hls.sources.push(url);
    }
    attachMedia() {}
    destroy() {
      hls.destroyed++;
    }
  }
  return { default: Hls };
});

const KEY = 'aaaaaaaaaaa';
const VIDEO = { videoKey: KEY, displayName: 'Sunset', visibility: 'PUBLIC', progressPercent: 20 };
const LIVE = {
  videoKey: KEY,
  processing: true,
  hls: `/api/stream/${KEY}/master.m3u8?t=LIVE`,
  mp4: null,
  poster: null,
  thumbnail: null,
  storyboard: null,
};
const FINAL = {
  ...LIVE,
  processing: false,
  hls: `/api/stream/${KEY}/master.m3u8?t=FINAL`,
  mp4: 'http://s3/download.mp4?sig',
  poster: 'http://s3/poster.jpg?sig',
};

afterEach(() => {
  vi.useRealTimers();
});

describe('Watch page while processing', () => {
  it('plays the first segments with "Still processing", then switches to the final playlists when READY', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    hls.sources = [];
    // the server's side of the story: nothing to play, then the first segments, then READY
    let stage: 'waiting' | 'live' | 'ready' = 'waiting';
    const { fetch, calls } = fakeFetch({
      [`GET /api/videos/${KEY}`]: () => json({ ...VIDEO, state: stage === 'ready' ? 'READY' : 'PROCESSING' }),
      [`GET /api/videos/${KEY}/playback`]: () =>
        stage === 'waiting' ? problem(409, 'video-processing') : json(stage === 'live' ? LIVE : FINAL),
    });
    render(
      <AuthProvider client={new ApiClient(fetch, () => Promise.resolve())}>
        <MemoryRouter initialEntries={[`/watch/${KEY}`]}>
          <AppRoutes />
        </MemoryRouter>
      </AuthProvider>,
    );
    expect(await screen.findByText(/This video is still being processed \(20%/)).toBeInTheDocument();
    expect(screen.queryByLabelText('Video: Sunset')).toBeNull();

    stage = 'live';
    await act(async () => {
      await vi.advanceTimersByTimeAsync(3_100);
    });
    await waitFor(() => expect(screen.getByLabelText('Video: Sunset')).toBeInTheDocument());
    expect(screen.getByText('Still processing — more qualities soon')).toBeInTheDocument();
    expect(hls.sources).toEqual([LIVE.hls]);
    expect(screen.queryByRole('link', { name: 'Download MP4' })).toBeNull();

    // the player keeps its live playlists while the video is still processing
    await act(async () => {
      await vi.advanceTimersByTimeAsync(6_100);
    });
    expect(hls.sources).toEqual([LIVE.hls]);

    stage = 'ready';
    await act(async () => {
      await vi.advanceTimersByTimeAsync(3_100);
    });
    await waitFor(() => expect(hls.sources).toEqual([LIVE.hls, FINAL.hls]));
    expect(screen.queryByText('Still processing — more qualities soon')).toBeNull();
    expect(screen.getByRole('link', { name: 'Download MP4' })).toHaveAttribute('href', FINAL.mp4);
    const before = calls.filter((c) => c.url.endsWith('/playback')).length;
    await act(async () => {
      await vi.advanceTimersByTimeAsync(9_000);
    });
    // READY: no more polling
    expect(calls.filter((c) => c.url.endsWith('/playback')).length).toBe(before);
  });
});
