import { ApiClient, ApiError, backoffMs, sleep } from '../api/client';
import type { components } from '../api/schema';

// Uploads a file straight to S3 with the presigned URLs the API hands out (issue 4): one PUT for
// small files, multipart for big ones. Parts that fail (a dropped connection, an expired URL) are
// retried with backoff and fresh URLs; finished parts are remembered in localStorage so a reload
// can resume the same file where it stopped.

export type UploadPlan =
  | { kind: 'single'; url: string; method: string; headers: Record<string, string> }
  | { kind: 'multipart'; partSize: number; partCount: number; urls: Map<number, string> };

/** The upload offer of POST /api/upload (`upload` of UploadCreated in the OpenAPI document). */
export type UploadOffer = components['schemas']['UploadCreated']['upload'];
type PartUrls = components['schemas']['PartUrls'];

/** The plan for the bytes, from the API's offer: the field names are the OpenAPI document's. */
export function toUploadPlan(offer: UploadOffer): UploadPlan {
  if (offer.type === 'multipart') {
    const urls = new Map<number, string>();
    for (const p of offer.parts) urls.set(p.partNumber, p.url);
    return { kind: 'multipart', partSize: offer.partSizeBytes, partCount: offer.partCount, urls };
  }
  return { kind: 'single', url: offer.url, method: offer.method, headers: offer.headers };
}

export interface TransportResult {
  status: number;
  etag: string | null;
}

/** Sends bytes to a URL, reporting the bytes sent so far. Rejects with a TypeError on network loss. */
export type Transport = (
  method: string,
  url: string,
  body: Blob,
  headers: Record<string, string>,
  onProgress: (loaded: number) => void,
  signal: AbortSignal,
) => Promise<TransportResult>;

export const xhrTransport: Transport = (method, url, body, headers, onProgress, signal) =>
  new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(method, url);
    // the browser sets Content-Length and Host itself (and refuses to be told)
    Object.entries(headers)
      .filter(([k]) => !/^(content-length|host|connection)$/i.test(k))
      .forEach(([k, v]) => xhr.setRequestHeader(k, v));
    xhr.upload.onprogress = (e) => onProgress(e.loaded);
    xhr.onload = () => resolve({ status: xhr.status, etag: xhr.getResponseHeader('ETag') });
    xhr.onerror = () => reject(new TypeError('network error'));
    xhr.ontimeout = () => reject(new TypeError('timeout'));
    signal.addEventListener('abort', () => {
      xhr.abort();
      reject(new DOMException('Aborted', 'AbortError'));
    });
    xhr.send(body);
  });

/** Bytes per second over a sliding window, and the time left at that rate. */
export class RateMeter {
  private samples: { t: number; bytes: number }[] = [];
  constructor(private readonly windowMs = 5000) {}

  add(t: number, bytes: number) {
    this.samples.push({ t, bytes });
    while (this.samples.length > 2 && t - this.samples[0].t > this.windowMs) this.samples.shift();
  }

  rate(): number {
    if (this.samples.length < 2) return 0;
    const a = this.samples[0];
    const b = this.samples[this.samples.length - 1];
    const dt = (b.t - a.t) / 1000;
    return dt > 0 ? Math.max(0, (b.bytes - a.bytes) / dt) : 0;
  }

  etaSeconds(remaining: number): number | null {
    const r = this.rate();
    return r > 0 ? remaining / r : null;
  }
}

export interface Progress {
  loaded: number;
  total: number;
  bytesPerSecond: number;
  etaSeconds: number | null;
  retrying: boolean;
}

export interface UploaderOptions {
  api: ApiClient;
  videoKey: string;
  file: Blob & { name?: string; lastModified?: number };
  plan: UploadPlan;
  onProgress?: (p: Progress) => void;
  transport?: Transport;
  concurrency?: number;
  maxAttempts?: number;
  wait?: (ms: number, signal?: AbortSignal) => Promise<void>;
  now?: () => number;
  storage?: Storage;
}

export const resumeKey = (file: { name?: string; size: number; lastModified?: number }) =>
  `reelroute.upload:${file.name ?? ''}:${file.size}:${file.lastModified ?? 0}`;

export interface ResumeState {
  videoKey: string;
  partSize: number;
  partCount: number;
  etags: Record<number, string>;
}

export class Uploader {
  private readonly controller = new AbortController();
  private readonly meter = new RateMeter();
  private readonly inflight = new Map<number, number>();
  private doneBytes = 0;
  private retrying = false;
  private readonly o: Required<Omit<UploaderOptions, 'onProgress'>> & Pick<UploaderOptions, 'onProgress'>;

  constructor(options: UploaderOptions) {
    // options left undefined (e.g. no transport passed down by the page) keep the defaults
    const given = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as UploaderOptions;
    this.o = {
      transport: xhrTransport,
      concurrency: 3,
      maxAttempts: 8,
      wait: sleep,
      now: () => Date.now(),
      storage: localStorage,
      ...given,
    };
  }

  get signal() {
    return this.controller.signal;
  }

  /** Stops the transfer and abandons the upload on the server. */
  async cancel() {
    this.controller.abort();
    this.o.storage.removeItem(resumeKey(this.fileInfo()));
    try {
      await this.o.api.delete(`/api/upload/${encodeURIComponent(this.o.videoKey)}`, { retries: 1 });
    } catch {
      // the server sweeps abandoned uploads anyway
    }
  }

  async start(): Promise<void> {
    if (this.o.plan.kind === 'single') return this.single(this.o.plan);
    return this.multipart(this.o.plan);
  }

  private fileInfo() {
    return { name: this.o.file.name, size: this.o.file.size, lastModified: this.o.file.lastModified };
  }

  private report() {
    const loaded = this.doneBytes + [...this.inflight.values()].reduce((a, b) => a + b, 0);
    this.meter.add(this.o.now(), loaded);
    const total = this.o.file.size;
    this.o.onProgress?.({
      loaded,
      total,
      bytesPerSecond: this.meter.rate(),
      etaSeconds: this.meter.etaSeconds(total - loaded),
      retrying: this.retrying,
    });
  }

  private async single(plan: Extract<UploadPlan, { kind: 'single' }>) {
    for (let attempt = 0; ; attempt++) {
      try {
        const result = await this.o.transport(
          plan.method,
          plan.url,
          this.o.file,
          plan.headers,
          (loaded) => {
            this.inflight.set(1, loaded);
            this.report();
          },
          this.signal,
        );
        if (result.status >= 200 && result.status < 300) {
          this.inflight.delete(1);
          this.doneBytes = this.o.file.size;
          this.retrying = false;
          this.report();
          return;
        }
        if (result.status < 500 || attempt + 1 >= this.o.maxAttempts) {
          throw new ApiError({
            status: result.status,
            code: 'upload-rejected',
            detail: `The storage refused the upload (${result.status}).`,
          });
        }
      } catch (e) {
        if (this.signal.aborted || e instanceof ApiError || attempt + 1 >= this.o.maxAttempts) throw e;
      }
      this.inflight.delete(1);
      this.retrying = true;
      this.report();
      await this.o.wait(backoffMs(attempt), this.signal);
    }
  }

  private loadResume(plan: Extract<UploadPlan, { kind: 'multipart' }>): ResumeState {
    const raw = this.o.storage.getItem(resumeKey(this.fileInfo()));
    if (raw) {
      try {
        const saved = JSON.parse(raw) as ResumeState;
        if (saved.videoKey === this.o.videoKey && saved.partSize === plan.partSize) return saved;
      } catch {
        // start over
      }
    }
    return { videoKey: this.o.videoKey, partSize: plan.partSize, partCount: plan.partCount, etags: {} };
  }

  private async freshUrls(partNumbers: number[], urls: Map<number, string>) {
    const answer = await this.o.api.post<PartUrls>(
      `/api/upload/${encodeURIComponent(this.o.videoKey)}/parts`,
      { partNumbers },
      { retries: 3, signal: this.signal },
    );
    for (const p of answer.parts ?? []) urls.set(p.partNumber, p.url);
  }

  private async multipart(plan: Extract<UploadPlan, { kind: 'multipart' }>) {
    const state = this.loadResume(plan);
    const save = () => this.o.storage.setItem(resumeKey(this.fileInfo()), JSON.stringify(state));
    save();
    const size = this.o.file.size;
    const partBytes = (n: number) => Math.min(plan.partSize, size - (n - 1) * plan.partSize);
    const todo: number[] = [];
    for (let n = 1; n <= plan.partCount; n++) {
      if (state.etags[n]) this.doneBytes += partBytes(n);
      else todo.push(n);
    }
    const urls = new Map(plan.urls);
    const missing = todo.filter((n) => !urls.has(n));
    if (missing.length) await this.freshUrls(missing, urls);
    this.report();

    const uploadPart = async (n: number) => {
      const blob = this.o.file.slice((n - 1) * plan.partSize, (n - 1) * plan.partSize + partBytes(n));
      for (let attempt = 0; ; attempt++) {
        let failure: unknown;
        try {
          const url = urls.get(n);
          if (!url) throw new TypeError('no url');
          const result = await this.o.transport(
            'PUT',
            url,
            blob,
            {},
            (loaded) => {
              this.inflight.set(n, loaded);
              this.report();
            },
            this.signal,
          );
          if (result.status >= 200 && result.status < 300 && result.etag) {
            this.inflight.delete(n);
            this.doneBytes += blob.size;
            state.etags[n] = result.etag;
            save();
            this.retrying = false;
            this.report();
            return;
          }
          failure = new ApiError({ status: result.status, code: 'upload-part-failed', detail: `Part ${n} failed (${result.status}).` });
        } catch (e) {
          if (this.signal.aborted) throw e;
          failure = e;
        }
        this.inflight.delete(n);
        if (attempt + 1 >= this.o.maxAttempts) throw failure;
        this.retrying = true;
        this.report();
        await this.o.wait(backoffMs(attempt), this.signal);
        // the URL may have expired or the connection dropped: ask for a fresh one
        try {
          await this.freshUrls([n], urls);
        } catch (e) {
          if (this.signal.aborted) throw e;
        }
      }
    };

    const queue = [...todo];
    const workers = Array.from({ length: Math.min(this.o.concurrency, queue.length) }, async () => {
      while (queue.length) {
        const n = queue.shift()!;
        await uploadPart(n);
      }
    });
    await Promise.all(workers);
    const parts = Object.entries(state.etags)
      .map(([n, etag]) => ({ partNumber: Number(n), etag }))
      .sort((a, b) => a.partNumber - b.partNumber);
    await this.o.api.post(`/api/upload/${encodeURIComponent(this.o.videoKey)}/complete`, { parts }, { retries: 3 });
    this.o.storage.removeItem(resumeKey(this.fileInfo()));
  }
}

/** A multipart upload of this file that a reload interrupted, if any. */
export function pendingUpload(
  file: { name?: string; size: number; lastModified?: number },
  storage: Storage = localStorage,
): ResumeState | null {
  const raw = storage.getItem(resumeKey(file));
  if (!raw) return null;
  try {
    return JSON.parse(raw) as ResumeState;
  } catch {
    return null;
  }
}
