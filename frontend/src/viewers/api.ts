// The viewer features' API (issue 15): subscriptions, playlists and custom thumbnails.
import { ApiClient } from '../api/client';
import { ApiVideo, NotificationSettings, NotificationSettingsUpdate, Page, toPage, toVideo, Video } from '../api/types';

export interface Subscription {
  handle: string;
  displayName: string;
  subscribedAt: string;
  subscribers: number;
}

export interface SubscriptionState {
  handle: string;
  displayName: string;
  subscribed: boolean;
  subscribers: number;
}

export type PlaylistVisibility = 'public' | 'unlisted' | 'private';

export interface PlaylistSummary {
  id: string;
  title: string;
  description: string | null;
  visibility: PlaylistVisibility;
  watchLater: boolean;
  ownerHandle: string;
  ownerName: string;
  videoCount: number;
  containsVideo?: boolean;
}

export interface PlaylistEntry {
  position: number;
  videoKey: string;
  /** The owner's view of an entry no longer visible (made private, or gone back to processing). */
  unavailable: boolean;
  video: Video | null;
}

export interface Playlist extends PlaylistSummary {
  isOwner: boolean;
  entries: PlaylistEntry[];
}

const sub = (handle: string) => `/api/me/subscriptions/${encodeURIComponent(handle)}`;
const pl = (id: string) => `/api/playlists/${encodeURIComponent(id)}`;

export function toPlaylist(raw: unknown): Playlist {
  const o = (raw ?? {}) as Record<string, unknown>;
  const videos = Array.isArray(o.videos) ? (o.videos as Record<string, unknown>[]) : [];
  return {
    ...(o as unknown as PlaylistSummary),
    isOwner: Boolean(o.isOwner),
    entries: videos.map((v) => ({
      position: Number(v.position ?? 0),
      videoKey: String(v.videoKey ?? ''),
      unavailable: Boolean(v.unavailable),
      video: v.unavailable ? null : toVideo(v),
    })),
  };
}

export const viewers = {
  subscriptions: (api: ApiClient, signal?: AbortSignal) => api.get<Subscription[]>('/api/me/subscriptions', { signal }),
  subscribe: (api: ApiClient, handle: string) => api.request<SubscriptionState>(sub(handle), { method: 'PUT' }),
  unsubscribe: (api: ApiClient, handle: string) => api.delete<SubscriptionState>(sub(handle)),
  async feed(api: ApiClient, cursor: string | null, signal?: AbortSignal): Promise<Page<Video>> {
    let next: string | null = null;
    const raw = await api.get<ApiVideo[]>(`/api/me/subscriptions/videos${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`, {
      signal,
      onHeaders: (h) => (next = h.get('X-Next-Cursor')),
    });
    return toPage(raw, next);
  },
  digest: (api: ApiClient, signal?: AbortSignal) => api.get<NotificationSettings>('/api/me/notification-settings', { signal }),
  setDigest: (api: ApiClient, on: boolean) => viewers.setNotificationSettings(api, { subscriptionDigest: on }),
  /** Changes the e-mail choices given (the others stay); answers with all of them. */
  setNotificationSettings: (api: ApiClient, changes: NotificationSettingsUpdate) =>
    api.request<NotificationSettings>('/api/me/notification-settings', { method: 'PUT', body: changes }),

  myPlaylists: (api: ApiClient, videoKey?: string, signal?: AbortSignal) =>
    api.get<PlaylistSummary[]>(`/api/me/playlists${videoKey ? `?videoKey=${encodeURIComponent(videoKey)}` : ''}`, { signal }),
  playlist: async (api: ApiClient, id: string, signal?: AbortSignal) => toPlaylist(await api.get(pl(id), { signal })),
  create: async (api: ApiClient, title: string, visibility: PlaylistVisibility, description?: string) =>
    toPlaylist(await api.post('/api/playlists', description ? { title, visibility, description } : { title, visibility })),
  update: async (api: ApiClient, id: string, changes: Partial<{ title: string; description: string; visibility: PlaylistVisibility }>) =>
    toPlaylist(await api.patch(pl(id), changes)),
  remove: (api: ApiClient, id: string) => api.delete<void>(pl(id)),
  add: async (api: ApiClient, id: string, videoKey: string) =>
    toPlaylist(await api.request(`${pl(id)}/videos/${encodeURIComponent(videoKey)}`, { method: 'PUT' })),
  take: (api: ApiClient, id: string, videoKey: string) => api.delete<void>(`${pl(id)}/videos/${encodeURIComponent(videoKey)}`),
  reorder: async (api: ApiClient, id: string, videoKeys: string[]) =>
    toPlaylist(await api.request(`${pl(id)}/order`, { method: 'PUT', body: { videoKeys } })),

  frame: (api: ApiClient, videoKey: string, seconds: number) =>
    api.request<{ thumbnailUrl: string; posterUrl: string }>(
      `/api/videos/${encodeURIComponent(videoKey)}/thumbnail?time=${encodeURIComponent(String(seconds))}`,
      { method: 'PUT' },
    ),
  picture: (api: ApiClient, videoKey: string, file: Blob) =>
    api.request<{ thumbnailUrl: string; posterUrl: string }>(`/api/videos/${encodeURIComponent(videoKey)}/thumbnail`, {
      method: 'PUT',
      binary: { body: file, type: file.type || 'application/octet-stream' },
    }),
};

/** The thumbnail image limit of the API (larger ones are refused with 413). */
export const MAX_THUMBNAIL_BYTES = 2 * 1024 * 1024;
