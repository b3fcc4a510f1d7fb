// The social API (issue 8): reactions, views, comments and channel pages.
import { ApiClient } from '../api/client';
import { Page, toPage, Video } from '../api/types';

export type Reaction = 'like' | 'dislike' | 'none';

export interface ReactionState {
  reaction: Reaction;
  likes: number;
  dislikes: number;
}

export interface Comment {
  id: number;
  videoKey: string;
  parentId: number | null;
  body: string;
  author: { handle: string; displayName: string };
  createdAt: string;
  editedAt: string | null;
  replyCount: number;
  mine: boolean;
  canDelete: boolean;
}

export interface Channel {
  handle: string;
  displayName: string;
  joinedAt: string;
  videoCount: number;
  /** Followers (issue 15). */
  subscribers: number;
  videos: Page<Video>;
}

export const MAX_COMMENT = 2000;

/** Characters as the API counts them (code points, so an emoji is one). */
export const length = (text: string) => [...text.trim()].length;

const v = (videoKey: string) => `/api/videos/${encodeURIComponent(videoKey)}`;

export const social = {
  reaction: (api: ApiClient, videoKey: string, signal?: AbortSignal) => api.get<ReactionState>(`${v(videoKey)}/reaction`, { signal }),
  react: (api: ApiClient, videoKey: string, reaction: Reaction) =>
    api.request<ReactionState>(`${v(videoKey)}/reaction`, { method: 'PUT', body: { reaction } }),
  view: (api: ApiClient, videoKey: string) => api.post<{ counted: boolean; views: number }>(`${v(videoKey)}/views`),

  async comments(
    api: ApiClient,
    videoKey: string,
    sort: 'newest' | 'top',
    cursor: string | null,
    signal?: AbortSignal,
  ): Promise<{ items: Comment[]; nextCursor: string | null }> {
    const q = new URLSearchParams({ sort });
    if (cursor) q.set('cursor', cursor);
    let next: string | null = null;
    const items = await api.get<Comment[]>(`${v(videoKey)}/comments?${q}`, {
      signal,
      onHeaders: (h) => (next = h.get('X-Next-Cursor')),
    });
    return { items, nextCursor: next };
  },
  async replies(api: ApiClient, commentId: number, cursor: string | null) {
    let next: string | null = null;
    const items = await api.get<Comment[]>(`/api/comments/${commentId}/replies${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`, {
      onHeaders: (h) => (next = h.get('X-Next-Cursor')),
    });
    return { items, nextCursor: next as string | null };
  },
  post: (api: ApiClient, videoKey: string, body: string, parentId?: number) =>
    api.post<Comment>(`${v(videoKey)}/comments`, parentId ? { body, parentId } : { body }),
  edit: (api: ApiClient, id: number, body: string) => api.patch<Comment>(`/api/comments/${id}`, { body }),
  remove: (api: ApiClient, id: number) => api.delete<void>(`/api/comments/${id}`),

  async channel(api: ApiClient, handle: string, cursor: string | null, signal?: AbortSignal): Promise<Channel> {
    const q = cursor ? `?cursor=${encodeURIComponent(cursor)}` : '';
    const raw = await api.get<Record<string, unknown>>(`/api/users/${encodeURIComponent(handle)}${q}`, {
      signal,
      auth: false,
    });
    return {
      handle: String(raw.handle ?? handle),
      displayName: String(raw.displayName ?? handle),
      joinedAt: String(raw.joinedAt ?? ''),
      videoCount: Number(raw.videoCount ?? 0),
      subscribers: Number(raw.subscribers ?? 0),
      videos: toPage(raw.videos ?? [], (raw.nextCursor as string | null) ?? null),
    };
  },
};

/** 1234 -> "1.2K", 1500000 -> "1.5M". */
export function compact(n: number | null | undefined): string {
  if (n == null || !Number.isFinite(n)) return '0';
  if (n < 1000) return String(n);
  if (n < 1_000_000) return `${(n / 1000).toFixed(n < 10_000 ? 1 : 0).replace(/\.0$/, '')}K`;
  return `${(n / 1_000_000).toFixed(1).replace(/\.0$/, '')}M`;
}
