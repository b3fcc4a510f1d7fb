// Roles and moderation (issue 15): reports, the moderators' queue and actions, appeals, the admin
// page's API. Shapes follow src/main/resources/openapi/reelroute.json.
import { ApiClient } from '../api/client';

export type Role = 'user' | 'moderator' | 'admin';
export type ReportState = 'open' | 'accepted' | 'rejected';
export type TargetType = 'video' | 'comment';

export const REASONS = ['spam', 'harassment', 'illegal', 'sexual', 'violence', 'copyright', 'other'] as const;
export type Reason = (typeof REASONS)[number];

export const REASON_LABELS: Record<Reason, string> = {
  spam: 'Spam or misleading',
  harassment: 'Harassment or bullying',
  illegal: 'Illegal content',
  sexual: 'Sexual content',
  violence: 'Violence or gore',
  copyright: 'Copyright infringement',
  other: 'Something else',
};

export interface Report {
  id: number;
  reporterId: number;
  reporterName: string;
  targetType: TargetType;
  targetId: string;
  videoKey: string;
  videoTitle: string | null;
  targetOwnerId: number;
  targetOwnerName: string | null;
  targetOwnerHandle: string | null;
  reason: Reason;
  text: string;
  excerpt: string | null;
  state: ReportState;
  createdAt: string;
  decidedAt: string | null;
  outcome: string | null;
  videoTakenDown: boolean;
  targetOwnerDisabled: boolean;
}

export interface Appeal {
  videoKey: string;
  userId: number;
  ownerName: string;
  videoTitle: string | null;
  takedownReason: string | null;
  text: string;
  state: ReportState;
  createdAt: string;
  decidedAt: string | null;
}

export interface Member {
  id: number;
  email: string;
  displayName: string;
  handle: string | null;
  role: Role;
  status: 'ACTIVE' | 'DISABLED';
  disabledReason: string | null;
  quotas: { storageBytes: number | null; dailyUploadBytes: number | null };
  createdAt: string | null;
}

export interface AuditEntry {
  id: number;
  actorId: number;
  actorEmail: string;
  action: string;
  targetType: string;
  targetId: string;
  detail: string | null;
  createdAt: string;
}

export interface Paged<T> {
  items: T[];
  nextCursor: string | null;
}

const q = (params: Record<string, string | null | undefined>) => {
  const s = new URLSearchParams();
  Object.entries(params).forEach(([k, v]) => v && s.set(k, v));
  const text = s.toString();
  return text ? `?${text}` : '';
};
const e = encodeURIComponent;

export const moderation = {
  report: (api: ApiClient, targetType: TargetType, targetId: string, reason: Reason, text: string) =>
    api.post<Report>('/api/reports', { targetType, targetId, reason, text }),
  reports: (api: ApiClient, state: ReportState, cursor: string | null = null) =>
    api.get<Paged<Report>>(`/api/moderation/reports${q({ state, cursor })}`),
  reject: (api: ApiClient, reportId: number, note?: string) =>
    api.post<Report>(`/api/moderation/reports/${reportId}/reject`, note ? { note } : {}),
  takedown: (api: ApiClient, videoKey: string, reason: string) => api.post(`/api/moderation/videos/${e(videoKey)}/takedown`, { reason }),
  restore: (api: ApiClient, videoKey: string) => api.post(`/api/moderation/videos/${e(videoKey)}/restore`, {}),
  deleteComment: (api: ApiClient, commentId: string | number, reason?: string) =>
    api.request<void>(`/api/moderation/comments/${e(String(commentId))}`, {
      method: 'DELETE',
      body: reason ? { reason } : undefined,
    }),
  disable: (api: ApiClient, userId: number, reason: string) => api.post(`/api/moderation/users/${userId}/disable`, { reason }),
  appeals: (api: ApiClient, state: ReportState = 'open') => api.get<{ items: Appeal[] }>(`/api/moderation/appeals${q({ state })}`),
  rejectAppeal: (api: ApiClient, videoKey: string) => api.post<Appeal>(`/api/moderation/appeals/${e(videoKey)}/reject`, {}),
  appeal: (api: ApiClient, videoKey: string, text: string) => api.post<Appeal>(`/api/videos/${e(videoKey)}/appeal`, { text }),
  myAppeal: (api: ApiClient, videoKey: string) => api.get<Appeal>(`/api/videos/${e(videoKey)}/appeal`, { retries: 0 }),
};

export const admin = {
  users: (api: ApiClient, query: string, cursor: string | null = null) =>
    api.get<Paged<Member>>(`/api/admin/users${q({ q: query.trim() || null, cursor })}`),
  setRole: (api: ApiClient, userId: number, role: 'user' | 'moderator') =>
    api.request<Member>(`/api/admin/users/${userId}/role`, { method: 'PUT', body: { role } }),
  enable: (api: ApiClient, userId: number) => api.post<Member>(`/api/admin/users/${userId}/enable`, {}),
  setQuotas: (api: ApiClient, userId: number, storageBytes: number | null, dailyUploadBytes: number | null) =>
    api.request<Member>(`/api/admin/users/${userId}/quotas`, { method: 'PUT', body: { storageBytes, dailyUploadBytes } }),
  audit: (api: ApiClient, cursor: string | null = null) => api.get<Paged<AuditEntry>>(`/api/admin/audit${q({ cursor })}`),
};

/** Moderators and admins. */
export const canModerate = (role: string | undefined) => role === 'moderator' || role === 'admin';
