import { describe, expect, it, vi } from 'vitest';
import { ApiClient } from '../api/client';
import { fakeFetch, json } from '../test-utils';
import { RateMeter, resumeKey, toUploadPlan, Transport, Uploader, UploadOffer } from './uploader';

const noWait = () => Promise.resolve();

function file(size: number, name = 'clip.mp4') {
  return new File([new Uint8Array(size)], name, { type: 'video/mp4', lastModified: 1 });
}

describe('upload plans', () => {
  it('reads the single and multipart offers of POST /api/upload, field names as the OpenAPI document has them', () => {
    const single: UploadOffer = {
      type: 'single',
      method: 'PUT',
      url: 'http://s3/put',
      headers: { 'Content-Type': 'video/mp4' },
      expiresAt: '2026-01-01T00:00:00Z',
    };
    expect(toUploadPlan(single)).toEqual({ kind: 'single', url: 'http://s3/put', method: 'PUT', headers: { 'Content-Type': 'video/mp4' } });
    const multi = toUploadPlan({
      type: 'multipart',
      partSizeBytes: 5,
      partCount: 3,
      parts: [
        { partNumber: 1, sizeBytes: 5, url: 'p1' },
        { partNumber: 2, sizeBytes: 5, url: 'p2' },
      ],
      expiresAt: '2026-01-01T00:00:00Z',
      partsUrl: '/api/upload/k/parts',
      completeUrl: '/api/upload/k/complete',
    });
    expect(multi).toEqual({
      kind: 'multipart',
      partSize: 5,
      partCount: 3,
      urls: new Map([
        [1, 'p1'],
        [2, 'p2'],
      ]),
    });
  });
});

describe('RateMeter', () => {
  it('gives bytes per second and the time left', () => {
    const meter = new RateMeter(5000);
    meter.add(0, 0);
    meter.add(1000, 500);
    meter.add(2000, 1000);
    expect(meter.rate()).toBe(500);
    expect(meter.etaSeconds(1500)).toBe(3);
  });
});

describe('Uploader', () => {
  it('keeps its defaults for options given as undefined', () => {
    const { fetch } = fakeFetch({});
    const uploader = new Uploader({
      api: new ApiClient(fetch),
      videoKey: 'k',
      file: file(1),
      plan: { kind: 'single', url: 'u', method: 'PUT', headers: {} },
      transport: undefined,
    });
    expect((uploader as unknown as { o: { transport: unknown } }).o.transport).toBeTypeOf('function');
  });

  it('sends a small file with one PUT and reports progress', async () => {
    const { fetch } = fakeFetch({});
    const progress: number[] = [];
    const transport: Transport = vi.fn(async (_m, _u, body, headers, onProgress) => {
      expect(headers['Content-Type']).toBe('video/mp4');
      onProgress(body.size / 2);
      onProgress(body.size);
      return { status: 200, etag: '"e"' };
    });
    await new Uploader({
      api: new ApiClient(fetch, noWait),
      videoKey: 'k',
      file: file(100),
      plan: { kind: 'single', url: 'http://s3/put', method: 'PUT', headers: { 'Content-Type': 'video/mp4' } },
      transport,
      onProgress: (p) => progress.push(p.loaded),
      wait: noWait,
    }).start();
    expect(progress).toContain(50);
    expect(progress[progress.length - 1]).toBe(100);
  });

  it('resumes a multipart upload after a dropped connection with a fresh part URL', async () => {
    const { fetch, calls } = fakeFetch({
      'POST /api/upload/k/parts': ({ body }) => {
        const { partNumbers } = JSON.parse(String(body));
        return json({ parts: partNumbers.map((n: number) => ({ partNumber: n, url: `fresh-${n}` })) });
      },
      'POST /api/upload/k/complete': json({}, 200),
    });
    let failedOnce = false;
    const sent: string[] = [];
    const transport: Transport = async (_m, url, body, _h, onProgress) => {
      if (url === 'p2' && !failedOnce) {
        failedOnce = true;
        onProgress(1);
        throw new TypeError('network error');
      }
      sent.push(url);
      onProgress(body.size);
      return { status: 200, etag: `"etag-${url}"` };
    };
    const retrying: boolean[] = [];
    const f = file(12);
    await new Uploader({
      api: new ApiClient(fetch, noWait),
      videoKey: 'k',
      file: f,
      plan: {
        kind: 'multipart',
        partSize: 5,
        partCount: 3,
        urls: new Map([
          [1, 'p1'],
          [2, 'p2'],
          [3, 'p3'],
        ]),
      },
      transport,
      concurrency: 1,
      wait: noWait,
      onProgress: (p) => retrying.push(p.retrying),
    }).start();
    expect(sent).toEqual(['p1', 'fresh-2', 'p3']);
    expect(retrying).toContain(true);
    const complete = calls.find((c) => c.url.endsWith('/complete'))!;
    expect(complete.body).toEqual({
      parts: [
        { partNumber: 1, etag: '"etag-p1"' },
        { partNumber: 2, etag: '"etag-fresh-2"' },
        { partNumber: 3, etag: '"etag-p3"' },
      ],
    });
    expect(localStorage.getItem(resumeKey(f))).toBeNull();
  });

  it('after a reload, uploads only the parts that are missing', async () => {
    const f = file(12);
    localStorage.setItem(resumeKey(f), JSON.stringify({ videoKey: 'k', partSize: 5, partCount: 3, etags: { 1: '"a"' } }));
    const { fetch, calls } = fakeFetch({
      'POST /api/upload/k/parts': ({ body }) =>
        json({ parts: JSON.parse(String(body)).partNumbers.map((n: number) => ({ partNumber: n, url: `u${n}` })) }),
      'POST /api/upload/k/complete': json({}),
    });
    const sent: string[] = [];
    const loaded: number[] = [];
    await new Uploader({
      api: new ApiClient(fetch, noWait),
      videoKey: 'k',
      file: f,
      plan: { kind: 'multipart', partSize: 5, partCount: 3, urls: new Map() },
      transport: async (_m, url) => {
        sent.push(url);
        return { status: 200, etag: `"${url}"` };
      },
      onProgress: (p) => loaded.push(p.loaded),
      wait: noWait,
    }).start();
    expect(sent.sort()).toEqual(['u2', 'u3']);
    expect(calls[0].body).toEqual({ partNumbers: [2, 3] });
    expect(loaded[0]).toBe(5); // the part done before the reload counts
    expect(calls.at(-1)!.body).toEqual({
      parts: [
        { partNumber: 1, etag: '"a"' },
        { partNumber: 2, etag: '"u2"' },
        { partNumber: 3, etag: '"u3"' },
      ],
    });
  });

  it('cancel aborts the transfer and abandons the upload on the server', async () => {
    const { fetch, calls } = fakeFetch({ 'DELETE /api/upload/k': json(undefined, 204) });
    let aborted = false;
    const transport: Transport = (_m, _u, _b, _h, _p, signal) =>
      new Promise((_resolve, reject) => {
        signal.addEventListener('abort', () => {
          aborted = true;
          reject(new DOMException('Aborted', 'AbortError'));
        });
      });
    const uploader = new Uploader({
      api: new ApiClient(fetch, noWait),
      videoKey: 'k',
      file: file(10),
      plan: { kind: 'single', url: 'u', method: 'PUT', headers: {} },
      transport,
      wait: noWait,
    });
    const running = uploader.start();
    await uploader.cancel();
    await expect(running).rejects.toThrow();
    expect(aborted).toBe(true);
    expect(calls.some((c) => c.method === 'DELETE' && c.url === '/api/upload/k')).toBe(true);
  });
});
