import { FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { ApiVideo, Page, toPage, Video } from '../api/types';
import { useAuth } from '../auth/AuthContext';
import { ErrorPanel, Spinner } from '../components/ErrorPanel';
import { VideoCard } from '../components/VideoCard';

const PAGE = 24;

export function Home() {
  const { api } = useAuth();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const [draft, setDraft] = useState(q);
  const [videos, setVideos] = useState<Video[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [done, setDone] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const sentinel = useRef<HTMLDivElement>(null);
  const generation = useRef(0);

  // a new search: start over (state adjusted while rendering, not in the effect)
  const [shownQ, setShownQ] = useState(q);
  if (shownQ !== q) {
    setShownQ(q);
    setDraft(q);
    setVideos([]);
    setDone(false);
    setLoading(true);
    setError(null);
  }

  /** Fetches a page; the caller has set loading (and cleared the error) already. */
  const load = useCallback(
    (from: string | null, reset: boolean) => {
      const gen = reset ? ++generation.current : generation.current;
      const query = new URLSearchParams({ limit: String(PAGE) });
      if (q) query.set('q', q);
      if (from) query.set('cursor', from);
      let next: string | null = null;
      return api
        .get<ApiVideo[]>(`/api/videos?${query}`, { auth: false, onHeaders: (h) => (next = h.get('X-Next-Cursor')) })
        .then((raw) => {
          const page: Page<Video> = toPage(raw, next);
          if (gen !== generation.current) return;
          setVideos((old) => {
            const seen = new Set(reset ? [] : old.map((v) => v.videoKey));
            return [...(reset ? [] : old), ...page.items.filter((v) => !seen.has(v.videoKey))];
          });
          setCursor(page.nextCursor);
          setDone(!page.nextCursor || page.items.length === 0);
        })
        .catch((e) => {
          if (gen === generation.current) setError(e);
        })
        .finally(() => {
          if (gen === generation.current) setLoading(false);
        });
    },
    [api, q],
  );

  useEffect(() => {
    void load(null, true);
  }, [load]);

  /** Loading from an event (scrolling, a button): shows the spinner first. */
  const fetchPage = useCallback(
    (from: string | null, reset: boolean) => {
      setLoading(true);
      setError(null);
      void load(from, reset);
    },
    [load],
  );

  // Infinite scroll, with a button for keyboards and browsers without IntersectionObserver.
  useEffect(() => {
    const el = sentinel.current;
    if (!el || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting) && !loading && !done && !error && cursor) fetchPage(cursor, false);
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [cursor, loading, done, error, fetchPage]);

  const search = (e: FormEvent) => {
    e.preventDefault();
    const next = draft.trim();
    setParams(next ? { q: next } : {});
  };

  return (
    <section aria-labelledby="home-title">
      <h1 id="home-title" className="visually-hidden">
        Videos
      </h1>
      {params.get('deleted') && <p role="status">Your account and everything in it were deleted.</p>}
      <form role="search" className="search" onSubmit={search}>
        <label htmlFor="search-input" className="visually-hidden">
          Search videos
        </label>
        <input
          id="search-input"
          type="search"
          placeholder="Search videos"
          value={draft}
          onChange={(e) => setDraft(e.currentTarget.value)}
        />
        <button type="submit">Search</button>
      </form>
      {videos.length > 0 && (
        <ul className="grid" aria-label={q ? `Results for ${q}` : 'Latest videos'}>
          {videos.map((v) => (
            <VideoCard key={v.videoKey} video={v} />
          ))}
        </ul>
      )}
      {!loading && !error && videos.length === 0 && (
        <div className="empty">
          {q ? (
            <p>No videos match “{q}”. Try other words.</p>
          ) : (
            <>
              <p>No videos yet. Be the first to share one!</p>
              <Link className="button" to="/upload">
                Upload a video
              </Link>
            </>
          )}
        </div>
      )}
      {error != null && <ErrorPanel error={error} onRetry={() => fetchPage(videos.length ? cursor : null, !videos.length)} />}
      {loading && <Spinner label="Loading videos" />}
      <div ref={sentinel} />
      {!loading && !error && !done && cursor && (
        <button type="button" className="more" onClick={() => fetchPage(cursor, false)}>
          Load more
        </button>
      )}
    </section>
  );
}
