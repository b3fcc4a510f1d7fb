// The social API (issue 8): reactions, views, comments and channel pages.
import { ApiClient } from '../api/client';
import type { components } from '../api/schema';
import { Page, toPage, Video } from '../api/types';

// Shapes from the OpenAPI document (schema.d.ts): a renamed field is a compile error.
export type ReactionState = Omit<components['schemas']['ReactionState'], 'videoKey'>;
export type Reaction = ReactionState['reaction'];
export type Comment = components['schemas']['Comment'];
type ApiChannel = components['schemas']['Channel'];
type ViewResult = components['schemas']['ViewResult'];

export interface Channel extends Omit<ApiChannel, 'videos' | 'nextCursor'> {
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
  view: (api: ApiClient, videoKey: string) => api.post<ViewResult>(`${v(videoKey)}/views`),

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
    const raw = await api.get<ApiChannel>(`/api/users/${encodeURIComponent(handle)}${q}`, { signal, auth: false });
    const { videos, nextCursor, ...user } = raw;
    return { ...user, videos: toPage(videos, nextCursor) };
  },
};

/** 1234 -> "1.2K", 1500000 -> "1.5M". */
export function compact(n: number | null | undefined): string {
  if (n == null || !Number.isFinite(n)) return '0';
  if (n < 1000) return String(n);
  if (n < 1_000_000) return `${(n / 1000).toFixed(n < 10_000 ? 1 : 0).replace(/\.0$/, '')}K`;
  return `${(n / 1_000_000).toFixed(1).replace(/\.0$/, '')}M`;
}
