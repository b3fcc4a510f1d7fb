// API shapes (issues 3, 4, 5, 6). The normalisers accept the few spellings the API may use so the
// UI keeps working while the services settle.

export type Visibility = 'PUBLIC' | 'UNLISTED' | 'PRIVATE';
export type VideoState = 'AWAITING_UPLOAD' | 'UPLOADED' | 'PROCESSING' | 'READY' | 'FAILED' | 'EXPIRED';

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
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface Playback {
  videoKey?: string;
  /**
   * True while the video is still PROCESSING: growing playlists of the segments made so far (no
   * MP4, poster or storyboard yet); fetch playback again once the video is READY.
   */
  processing?: boolean;
  hls: string;
  mp4: string | null;
  poster: string | null;
  thumbnail: string | null;
  storyboard: { sprite: string | null; vtt: string | null } | null;
  /** Caption tracks; each url serves a WebVTT file. */
  captions?: CaptionTrack[];
  /** When the playback token in the playlist URLs expires (10 minutes for a private video). */
  expiresAt?: string;
  /** Every presigned URL of this answer stays valid at least this long. */
  urlsExpireInSeconds?: number;
}

export interface CaptionTrack {
  lang: string;
  label: string;
  url?: string;
}

export interface User {
  id?: number;
  email: string;
  displayName: string;
}

export interface Notification {
  id: string;
  kind: string;
  videoKey: string | null;
  message: string;
  createdAt: string | null;
  read: boolean;
}

type Raw = Record<string, unknown>;
const str = (v: unknown): string | null => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null);
const num = (v: unknown): number | null => {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return null;
};
const first = (o: Raw, ...keys: string[]) => keys.map((k) => o[k]).find((v) => v !== undefined && v !== null);

export function toVideo(raw: unknown): Video {
  const o = (raw ?? {}) as Raw;
  const owner = first(o, 'ownerDisplayName', 'ownerName', 'uploader', 'owner');
  return {
    videoKey: str(o.videoKey) ?? '',
    title: str(first(o, 'displayName', 'title')) || 'Untitled',
    description: str(first(o, 'description', 'descriptionExcerpt', 'excerpt')) ?? '',
    owner: (typeof owner === 'object' && owner ? str((owner as Raw).displayName) : str(owner)) ?? '',
    uploadTime: str(first(o, 'uploadTime', 'createdAt')),
    durationSeconds: num(first(o, 'durationSeconds', 'duration')),
    thumbnail: str(first(o, 'thumbnailUrl', 'thumbnail')),
    state: (str(o.state) ?? 'READY') as VideoState,
    visibility: (str(o.visibility) ?? 'PUBLIC').toUpperCase() as Visibility,
    progressPercent: num(first(o, 'progressPercent', 'progress')),
    etaSeconds: num(first(o, 'etaSeconds', 'eta')),
    failureReason: str(first(o, 'failureReason', 'reason')),
    ownerHandle: str(o.ownerHandle),
    views: num(o.views) ?? 0,
    likes: num(o.likes) ?? 0,
    dislikes: num(o.dislikes) ?? 0,
    comments: num(o.comments) ?? 0,
  };
}

/** A listing: a JSON array with the next cursor in the X-Next-Cursor header, or {items, nextCursor}. */
export function toPage(raw: unknown, headerCursor: string | null = null): Page<Video> {
  const o = (raw ?? {}) as Raw;
  const list = (Array.isArray(raw) ? raw : first(o, 'items', 'videos', 'content')) as unknown[] | undefined;
  const cursor = Array.isArray(raw) ? null : str(first(o, 'nextCursor', 'cursor', 'next'));
  return { items: (list ?? []).map(toVideo), nextCursor: headerCursor || cursor };
}

export function toNotification(raw: unknown): Notification {
  const o = (raw ?? {}) as Raw;
  const kind = (str(first(o, 'kind', 'type', 'event')) ?? '').toLowerCase();
  return {
    id: str(o.id) ?? '',
    kind,
    videoKey: str(o.videoKey),
    message:
      str(first(o, 'message', 'text', 'title')) ?? (kind.includes('fail') ? 'A video failed to process' : 'A video is ready to watch'),
    createdAt: str(first(o, 'createdAt', 'time')),
    read: Boolean(first(o, 'read', 'isRead')) || Boolean(o.readAt),
  };
}
