// The UI's view of the API. Every shape the API sends or takes comes from schema.d.ts, which
// `npm run gen:api` generates from the OpenAPI document (src/main/resources/openapi/reelroute.json,
// checked against the live API by OpenApiIT): a field renamed or dropped there is a compile error
// here. The normalisers below read the API's own field names and nothing else.
import type { components, paths } from './schema';

type Schemas = components['schemas'];

/** The API writes visibility in lower case and accepts any case; the UI uses upper case. */
export type Visibility = Uppercase<Schemas['Visibility']>;
export type VideoState = Schemas['State'];

export type UploadRequest = Schemas['UploadRequest'];
export type UploadCreated = Schemas['UploadCreated'];
export type MetadataRequest = Schemas['MetadataRequest'];
/** GET /api/videos/{videoKey}/playback. */
export type Playback = Schemas['Playback'];
export type CaptionTrack = Schemas['CaptionTrack'] & { url?: string };
/** GET /api/me: the signed-in user (with quota). */
export type User = Schemas['Me'];
export type Quota = Schemas['Quota'];
/** GET/PUT /api/me/notification-settings: the user's e-mail choices. */
export type NotificationSettings = Schemas['NotificationSettings'];
export type NotificationSettingsUpdate = Schemas['NotificationSettingsUpdate'];

/** A video as any of the catalog's answers carries it: a listing item, one of mine, or the detail. */
export type ApiVideo = Schemas['VideoItem'] | Schemas['MyVideoItem'] | Schemas['VideoDetail'];
type KeyOf<T> = T extends unknown ? keyof T : never;
type FieldOf<T, K extends PropertyKey> = T extends unknown ? (K extends keyof T ? T[K] : undefined) : never;
/** Every field any of the three answers has, with the types they give it. */
type AnyVideoField = { [K in KeyOf<ApiVideo>]?: FieldOf<ApiVideo, K> };

export interface Video {
  videoKey: string;
  title: string;
  description: string;
  owner: string;
  uploadTime: string | null;
  durationSeconds: number | null;
  thumbnail: string | null;
  state: VideoState;
  visibility: Visibility;
  progressPercent: number | null;
  etaSeconds: number | null;
  failureReason: string | null;
  // social (issue 8)
  ownerHandle: string | null;
  views: number;
  likes: number;
  dislikes: number;
  comments: number;
  // moderation (issue 15): shown to the owner only
  isOwner: boolean;
  takedown: { reason: string; at: string | null } | null;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** GET /api/me/notifications. */
export type Notifications = paths['/api/me/notifications']['get']['responses'][200]['content']['application/json'];
type ApiNotification = Notifications['items'][number];

export interface Notification {
  id: string;
  kind: ApiNotification['kind'];
  videoKey: string | null;
  message: string;
  createdAt: string;
  read: boolean;
}

export function toVideo(raw: ApiVideo): Video {
  const o: AnyVideoField = raw;
  return {
    videoKey: o.videoKey ?? '',
    title: o.displayName || 'Untitled',
    description: o.description ?? '',
    owner: o.ownerName ?? '',
    uploadTime: o.uploadTime ?? null,
    durationSeconds: o.durationSeconds ?? null,
    thumbnail: o.thumbnailUrl ?? null,
    // a public listing shows READY public videos only, and says neither
    state: o.state ?? 'READY',
    visibility: (o.visibility ?? 'public').toUpperCase() as Visibility,
    progressPercent: o.progressPercent ?? null,
    etaSeconds: o.etaSeconds ?? null,
    failureReason: o.failureReason ?? null,
    ownerHandle: o.ownerHandle ?? null,
    views: o.views ?? 0,
    likes: o.likes ?? 0,
    dislikes: o.dislikes ?? 0,
    comments: o.comments ?? 0,
    isOwner: o.isOwner === true,
    takedown: o.takedown ? { reason: o.takedown.reason ?? '', at: o.takedown.at ?? null } : null,
  };
}

/** A listing: a JSON array, the next page's cursor in the X-Next-Cursor header. */
export function toPage(list: ApiVideo[], nextCursor: string | null = null): Page<Video> {
  return { items: list.map(toVideo), nextCursor: nextCursor || null };
}

/** GET /api/me/notifications → the bell's items. */
export function toNotifications(answer: Notifications): Notification[] {
  return answer.items.map((n) => ({
    id: String(n.id),
    kind: n.kind,
    videoKey: n.videoKey ?? null,
    message: n.title,
    createdAt: n.createdAt,
    read: n.read,
  }));
}
