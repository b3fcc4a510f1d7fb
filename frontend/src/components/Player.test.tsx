import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Playback } from '../api/types';
import { cueAt, parseStoryboardVtt } from './storyboard';

// A stand-in for hls.js: records what the player asks of it and lets the test fire its events.
const state = vi.hoisted(() => ({ supported: true, instances: [] as FakeHls[] }));
type Listener = (event: string, data: unknown) => void;
interface FakeHls {
  listeners: Record<string, Listener[]>;
  source?: string;
  media?: HTMLMediaElement;
  currentLevel: number;
  levels: { height: number; bitrate: number }[];
  destroyed: boolean;
  recovered: number;
  fire(event: string, data: unknown): void;
}
vi.mock('hls.js', () => {
  class Hls {
    static Events = { MANIFEST_PARSED: 'manifestParsed', LEVEL_SWITCHED: 'levelSwitched', ERROR: 'error' };
    static ErrorTypes = { NETWORK_ERROR: 'networkError', MEDIA_ERROR: 'mediaError' };
    static isSupported = () => state.supported;
    listeners: Record<string, Listener[]> = {};
    source?: string;
    media?: HTMLMediaElement;
    currentLevel = -1;
    levels: { height: number; bitrate: number }[] = [];
    destroyed = false;
    recovered = 0;
    config: unknown;
    constructor(config: unknown) {
      this.config = config;
      state.instances.push(this as unknown as FakeHls);
    }
    on(event: string, listener: Listener) {
      (this.listeners[event] ??= []).push(listener);
    }
    loadSource(url: string) {
      this.source = url;
    }
    attachMedia(media: HTMLMediaElement) {
      this.media = media;
    }
    recoverMediaError() {
      this.recovered++;
    }
    destroy() {
      this.destroyed = true;
    }
    fire(event: string, data: unknown) {
      (this.listeners[event] ?? []).forEach((l) => l(event, data));
    }
  }
  return { default: Hls };
});

import { Player, renewalDelay } from './Player';

const playback: Playback = {
  videoKey: 'abcdefghijk',
  hls: '/api/stream/abcdefghijk/master.m3u8?t=T1',
  mp4: 'http://s3/download.mp4?sig',
  poster: 'http://s3/poster.jpg?sig',
  thumbnail: 'http://s3/thumbnail.jpg?sig',
  storyboard: { sprite: 'http://s3/sb.jpg?sig', vtt: '/api/stream/abcdefghijk/storyboard.vtt?t=T1' },
  expiresAt: new Date(Date.now() + 3_600_000).toISOString(), // the token of a public video lives an hour
};

const VTT =
  'WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nhttp://s3/sb.jpg?sig#xywh=0,0,160,90\n\n00:00:02.000 --> 00:00:04.000\nhttp://s3/sb.jpg?sig#xywh=160,0,160,90\n';

beforeEach(() => {
  state.supported = true;
  state.instances = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async () => new Response(VTT, { status: 200 })),
  );
});
afterEach(() => {
  vi.unstubAllGlobals();
});

describe('storyboard', () => {
  it('parses sprite regions and finds the cue for a time', () => {
    const cues = parseStoryboardVtt(VTT);
    expect(cues).toHaveLength(2);
    expect(cues[1]).toEqual({ start: 2, end: 4, url: 'http://s3/sb.jpg?sig', x: 160, y: 0, w: 160, h: 90 });
    expect(cueAt(cues, 2.5)?.x).toBe(160);
    expect(cueAt(cues, 0)?.x).toBe(0);
    expect(cueAt(cues, 99)?.x).toBe(160);
  });
});

describe('Player', () => {
  it('plays HLS through hls.js with a poster and a quality menu of auto and every rung', async () => {
    const user = userEvent.setup();
    render(<Player playback={playback} title="Sea" />);
    const hls = state.instances[0];
    expect(hls.source).toBe(playback.hls);
    const video = screen.getByLabelText('Video: Sea');
    expect(hls.media).toBe(video);
    expect(video).toHaveAttribute('poster', playback.poster);

    act(() => {
      hls.levels = [
        { height: 360, bitrate: 800_000 },
        { height: 720, bitrate: 2_500_000 },
      ];
      hls.fire('manifestParsed', { levels: hls.levels });
    });
    const menu = await screen.findByRole('combobox', { name: 'Quality' });
    expect([...(menu as HTMLSelectElement).options].map((o) => o.text)).toEqual(['Auto', '720p', '360p']);
    await user.selectOptions(menu, '720p');
    expect(hls.currentLevel).toBe(1);
    await user.selectOptions(menu, 'Auto');
    expect(hls.currentLevel).toBe(-1);
    act(() => hls.fire('levelSwitched', { level: 0 }));
    expect(menu).toHaveTextContent('Auto (360p)');
  });

  it('offers the caption tracks as subtitles with a captions menu, and "c" toggles the first', async () => {
    const user = userEvent.setup();
    const captioned: Playback = {
      ...playback,
      captions: [
        { lang: 'en', label: 'English', url: '/api/stream/abcdefghijk/captions/en.vtt?t=T1' },
        { lang: 'fr', label: 'French', url: '/api/stream/abcdefghijk/captions/fr.vtt?t=T1' },
      ],
    };
    const { container } = render(<Player playback={captioned} title="Sea" />);
    const tracks = [...container.querySelectorAll('video > track')];
    expect(tracks.map((t) => [t.getAttribute('kind'), t.getAttribute('srclang'), t.getAttribute('label'), t.getAttribute('src')])).toEqual([
      ['subtitles', 'en', 'English', captioned.captions![0].url],
      ['subtitles', 'fr', 'French', captioned.captions![1].url],
    ]);
    const menu = screen.getByRole('combobox', { name: 'Captions' }) as HTMLSelectElement;
    expect([...menu.options].map((o) => o.text)).toEqual(['Captions off', 'English', 'French']);
    await user.selectOptions(menu, 'French');
    expect(menu.value).toBe('fr');
    fireEvent.keyDown(screen.getByLabelText('Video: Sea'), { key: 'c' });
    expect(menu.value).toBe('');
    fireEvent.keyDown(screen.getByLabelText('Video: Sea'), { key: 'c' });
    expect(menu.value).toBe('en');
  });

  it('has no captions menu without tracks', () => {
    render(<Player playback={playback} title="Sea" />);
    expect(screen.queryByRole('combobox', { name: 'Captions' })).toBeNull();
  });

  it('falls back to native HLS (Safari) when MSE is missing', () => {
    state.supported = false;
    const canPlay = vi
      .spyOn(HTMLMediaElement.prototype, 'canPlayType')
      .mockImplementation((type) => (type === 'application/vnd.apple.mpegurl' ? 'maybe' : ''));
    render(<Player playback={playback} title="Sea" />);
    expect(state.instances).toHaveLength(0);
    const video = screen.getByLabelText('Video: Sea') as HTMLVideoElement;
    expect(video.getAttribute('src') ?? video.src).toContain('/api/stream/abcdefghijk/master.m3u8?t=T1');
    expect(screen.queryByRole('combobox', { name: 'Quality' })).toBeNull();
    canPlay.mockRestore();
  });

  it('falls back to the MP4 when neither works', () => {
    state.supported = false;
    const canPlay = vi.spyOn(HTMLMediaElement.prototype, 'canPlayType').mockReturnValue('');
    render(<Player playback={playback} title="Sea" />);
    const video = screen.getByLabelText('Video: Sea') as HTMLVideoElement;
    expect(video.src).toBe(playback.mp4);
    canPlay.mockRestore();
  });

  it('shows storyboard previews while hovering the seek bar', async () => {
    render(<Player playback={playback} title="Sea" />);
    await waitFor(() => expect(fetch).toHaveBeenCalledWith(playback.storyboard!.vtt));
    const seek = screen.getByRole('slider', { name: 'Seek' });
    await waitFor(() => {
      fireEvent.mouseMove(seek, { clientX: 0 });
      expect(screen.getByTestId('seek-preview')).toBeInTheDocument();
    });
    const preview = screen.getByTestId('seek-preview');
    expect(preview.style.backgroundImage).toContain('http://s3/sb.jpg?sig');
    expect(preview.style.width).toBe('160px');
    fireEvent.mouseLeave(seek);
    expect(screen.queryByTestId('seek-preview')).toBeNull();
  });

  it('fetches fresh playback URLs after a fatal network error and carries on', async () => {
    const fresh: Playback = { ...playback, hls: '/api/stream/abcdefghijk/master.m3u8?t=T2' };
    const refresh = vi.fn(async () => fresh);
    render(<Player playback={playback} title="Sea" refresh={refresh} />);
    const first = state.instances[0];
    act(() => first.fire('error', { fatal: true, type: 'networkError', details: 'fragLoadError' }));
    await waitFor(() => expect(state.instances).toHaveLength(2));
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(first.destroyed).toBe(true);
    expect(state.instances[1].source).toBe(fresh.hls);
    // media errors are recovered in place
    act(() => state.instances[1].fire('error', { fatal: true, type: 'mediaError' }));
    expect(state.instances[1].recovered).toBe(1);
  });

  it("renews playback before a private video's short-lived links expire, without an error", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      const now = Date.now();
      const short: Playback = {
        ...playback,
        expiresAt: new Date(now + 600_000).toISOString(),
        urlsExpireInSeconds: 150,
      };
      const fresh: Playback = { ...short, hls: '/api/stream/abcdefghijk/master.m3u8?t=T2' };
      const refresh = vi.fn(async () => fresh);
      render(<Player playback={short} title="Sea" refresh={refresh} />);
      expect(state.instances).toHaveLength(1);
      await act(async () => {
        await vi.advanceTimersByTimeAsync(100_000);
      });
      expect(refresh).not.toHaveBeenCalled();
      await act(async () => {
        await vi.advanceTimersByTimeAsync(25_000); // 120 s: 30 s before the URLs' 150 s
      });
      expect(refresh).toHaveBeenCalledTimes(1);
      await waitFor(() => expect(state.instances).toHaveLength(2));
      expect(state.instances[0].destroyed).toBe(true);
      expect(state.instances[1].source).toBe(fresh.hls);
      expect(screen.queryByText('The video could not be loaded.')).toBeNull();
    } finally {
      vi.useRealTimers();
    }
  });

  it('says a processing video is still processing, plays it from the start, then carries on with the final playlists', async () => {
    const live: Playback = {
      videoKey: 'abcdefghijk',
      expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
      hls: '/api/stream/abcdefghijk/master.m3u8?t=T1',
      processing: true,
      mp4: null,
      poster: null,
      thumbnail: null,
      storyboard: null,
    };
    const { rerender } = render(<Player playback={live} title="Sea" />);
    expect(screen.getByRole('status')).toHaveTextContent('Still processing — more qualities soon');
    const first = state.instances[0];
    expect(first.source).toBe(live.hls);
    // an EVENT playlist: from its beginning, not from the live edge
    expect((first as unknown as { config: { startPosition: number } }).config.startPosition).toBe(0);
    const video = screen.getByLabelText('Video: Sea') as HTMLVideoElement;
    Object.defineProperty(video, 'currentTime', { value: 7.5, writable: true, configurable: true });

    // READY: the final playlists of the same video, from where the viewer is
    rerender(<Player playback={{ ...playback, hls: '/api/stream/abcdefghijk/master.m3u8?t=T2' }} title="Sea" />);
    await waitFor(() => expect(state.instances).toHaveLength(2));
    expect(first.destroyed).toBe(true);
    expect(state.instances[1].source).toBe('/api/stream/abcdefghijk/master.m3u8?t=T2');
    expect((state.instances[1] as unknown as { config: { startPosition: number } }).config.startPosition).toBe(7.5);
    expect(screen.queryByText('Still processing — more qualities soon')).toBeNull();
  });

  it('keeps playing when the same playlists come back with fresh links', () => {
    const { rerender } = render(<Player playback={{ ...playback, processing: true }} title="Sea" />);
    rerender(<Player playback={{ ...playback, processing: true, hls: '/api/stream/abcdefghijk/master.m3u8?t=T3' }} title="Sea" />);
    expect(state.instances).toHaveLength(1);
    expect(state.instances[0].destroyed).toBe(false);
  });

  it('starts another video from its beginning', async () => {
    const { rerender } = render(<Player playback={playback} title="Sea" />);
    const video = screen.getByLabelText('Video: Sea') as HTMLVideoElement;
    Object.defineProperty(video, 'currentTime', { value: 12, writable: true, configurable: true });
    rerender(<Player playback={{ ...playback, hls: '/api/stream/zzzzzzzzzzz/master.m3u8?t=T9' }} title="Sea" />);
    await waitFor(() => expect(state.instances).toHaveLength(2));
    expect((state.instances[1] as unknown as { config: { startPosition: number } }).config.startPosition).toBe(-1);
  });

  it('computes the renewal time from the token expiry and the URL lifetime', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(renewalDelay({ ...playback, expiresAt: 'not a time' }, now)).toBeNull();
    expect(renewalDelay({ ...playback, expiresAt: '2026-01-01T00:10:00Z' }, now)).toBe(570_000);
    expect(renewalDelay({ ...playback, expiresAt: '2026-01-01T00:10:00Z', urlsExpireInSeconds: 150 }, now)).toBe(120_000);
    expect(renewalDelay({ ...playback, expiresAt: '2026-01-01T00:00:10Z' }, now)).toBe(5_000);
  });

  it('is keyboard operable: buttons are labelled and space toggles playback', async () => {
    const play = vi.spyOn(HTMLMediaElement.prototype, 'play').mockResolvedValue(undefined);
    render(<Player playback={playback} title="Sea" />);
    expect(screen.getByRole('button', { name: 'Play' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Mute' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Full screen' })).toBeInTheDocument();
    fireEvent.keyDown(screen.getByLabelText('Video: Sea'), { key: ' ' });
    expect(play).toHaveBeenCalled();
    play.mockRestore();
  });
});
