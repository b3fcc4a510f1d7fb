import { act, render, screen, waitFor, within } from '@testing-library/react';
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
    // the player loads as its own chunk: on a busy machine that takes longer than waitFor's 1 s
    await waitFor(() => expect(screen.getByLabelText('Video: Sunset')).toBeInTheDocument(), { timeout: 10_000 });
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
    await waitFor(() => expect(hls.sources).toEqual([LIVE.hls, FINAL.hls]), { timeout: 10_000 });
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

describe('Watch page of a taken-down video', () => {
  const TAKEN_DOWN = { ...VIDEO, state: 'READY', comments: 3, takedown: { reason: 'Spam links', at: '2026-11-30T10:00:00Z' } };

  function renderWatch(routes: Parameters<typeof fakeFetch>[0]) {
    const fake = fakeFetch(routes);
    render(
      <AuthProvider client={new ApiClient(fake.fetch, () => Promise.resolve())}>
        <MemoryRouter initialEntries={[`/watch/${KEY}`]}>
          <AppRoutes />
        </MemoryRouter>
      </AuthProvider>,
    );
    return fake;
  }

  it('shows a moderator the takedown and the player, without reactions, comments or a view count', async () => {
    hls.sources = [];
    const { calls } = renderWatch({
      [`GET /api/videos/${KEY}`]: () => json(TAKEN_DOWN), // not isOwner: the API shows it to moderators and admins
      [`GET /api/videos/${KEY}/playback`]: () => json(FINAL),
    });
    const notice = await screen.findByRole('alert', { name: 'Video taken down' });
    expect(notice).toHaveTextContent('This video is taken down');
    expect(within(notice).getByTestId('takedown-reason')).toHaveTextContent('Spam links');
    expect(within(notice).getByRole('link', { name: 'Moderation' })).toHaveAttribute('href', '/moderation');
    await waitFor(() => expect(screen.getByLabelText('Video: Sunset')).toBeInTheDocument());
    expect(hls.sources).toEqual([FINAL.hls]);
    expect(screen.queryByRole('button', { name: 'Appeal' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Report this video' })).toBeNull();
    expect(calls.some((c) => c.url.includes('/comments') || c.url.includes('/views') || c.url.endsWith('/appeal'))).toBe(false);
  });

  it('shows its owner the appeal instead', async () => {
    const { calls } = renderWatch({
      [`GET /api/videos/${KEY}`]: () => json({ ...TAKEN_DOWN, isOwner: true }),
      [`GET /api/videos/${KEY}/playback`]: () => json(FINAL),
      [`GET /api/videos/${KEY}/appeal`]: () => problem(404, 'no-appeal'),
    });
    const notice = await screen.findByRole('alert', { name: 'Video taken down' });
    expect(notice).toHaveTextContent('This video was taken down by a moderator');
    expect(await within(notice).findByRole('button', { name: 'Appeal' })).toBeInTheDocument();
    expect(calls.some((c) => c.url.endsWith('/appeal'))).toBe(true);
  });
});
