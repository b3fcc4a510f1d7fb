import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router-dom';
import { describe, expect, it } from 'vitest';
import { ApiClient } from '../api/client';
import { AuthProvider } from '../auth/AuthContext';
import { fakeFetch, json, problem } from '../test-utils';
import { Transport } from '../upload/uploader';
import { Upload } from './Upload';

describe('Upload page', () => {
  it('uploads a picked file with progress, then follows processing until READY', async () => {
    let polls = 0;
    const { fetch, calls } = fakeFetch({
      'POST /api/upload': json(
        {
          videoKey: 'abcdefghijk',
          upload: {
            type: 'single',
            method: 'PUT',
            url: 'http://s3/put',
            headers: { 'Content-Type': 'video/mp4' },
            expiresAt: '2030-01-01T00:00:00Z',
          },
        },
        201,
      ),
      'POST /api/metadata': json({}),
      'GET /api/videos/abcdefghijk': () => {
        polls++;
        return polls < 4
          ? json({ videoKey: 'abcdefghijk', state: 'PROCESSING', progressPercent: 42.5, etaSeconds: 12 })
          : json({ videoKey: 'abcdefghijk', state: 'READY' });
      },
    });
    let finish!: () => void;
    let report!: (n: number) => void;
    const transport: Transport = (_m, url, _b, _h, onProgress) => {
      expect(url).toBe('http://s3/put');
      report = onProgress;
      return new Promise((resolve) => {
        finish = () => resolve({ status: 200, etag: '"x"' });
      });
    };
    const user = userEvent.setup();
    render(
      <AuthProvider client={new ApiClient(fetch)}>
        <MemoryRouter>
          <Upload transport={transport} pollMs={150} />
        </MemoryRouter>
      </AuthProvider>,
    );
    const file = new File([new Uint8Array(2000)], 'holiday.mp4', { type: 'video/mp4' });
    await user.upload(screen.getByLabelText(/choose a file/i), file);
    expect(screen.getByLabelText('Title')).toHaveValue('holiday');
    await user.type(screen.getByLabelText('Description'), 'At the sea');
    await user.selectOptions(screen.getByLabelText('Visibility'), 'UNLISTED');
    await user.click(screen.getByRole('button', { name: 'Upload' }));

    await waitFor(() => expect(report).toBeDefined());
    report(1000);
    const bar = await screen.findByRole('progressbar', { name: 'Upload progress' });
    await waitFor(() => expect(bar).toHaveAttribute('value', '50'));
    expect(screen.getByText(/50% · 1\.0 KB of 2\.0 KB/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Cancel upload' })).toBeInTheDocument();
    expect(calls.find((c) => c.url === '/api/upload')!.body).toEqual({
      fileName: 'holiday.mp4',
      contentType: 'video/mp4',
      sizeBytes: 2000,
    });
    expect(calls.find((c) => c.url === '/api/metadata')!.body).toEqual({
      videoKey: 'abcdefghijk',
      displayName: 'holiday',
      description: 'At the sea',
      visibility: 'UNLISTED',
    });

    report(2000);
    finish();
    expect(await screen.findByText('43% · 12 s left')).toBeInTheDocument();
    const link = await screen.findByRole('link', { name: 'Watch it now' });
    expect(link).toHaveAttribute('href', '/watch/abcdefghijk');
  });

  it('shows a friendly message when the API refuses, and lets the user try again', async () => {
    const { fetch } = fakeFetch({
      'POST /api/upload': json(
        { type: 'x', title: 'x', status: 415, code: 'unsupported-type', detail: 'Only video files can be uploaded' },
        415,
      ),
    });
    const user = userEvent.setup();
    render(
      <AuthProvider client={new ApiClient(fetch)}>
        <MemoryRouter>
          <Upload />
        </MemoryRouter>
      </AuthProvider>,
    );
    await user.upload(screen.getByLabelText(/choose a file/i), new File(['x'], 'a.mp4', { type: 'video/mp4' }));
    await user.click(screen.getByRole('button', { name: 'Upload' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Only video files can be uploaded');
    expect(screen.getByRole('button', { name: 'Try again' })).toBeInTheDocument();
  });

  it('asks for a file before uploading', async () => {
    const user = userEvent.setup();
    const { fetch } = fakeFetch({});
    render(
      <AuthProvider client={new ApiClient(fetch)}>
        <MemoryRouter>
          <Upload />
        </MemoryRouter>
      </AuthProvider>,
    );
    await user.click(screen.getByRole('button', { name: 'Upload' }));
    expect(screen.getByRole('alert')).toHaveTextContent('Choose a video file first.');
  });

  it.each([
    [
      413,
      'quota-exceeded',
      'Daily upload quota exceeded: 2000000000 of 2147483648 bytes used (1.9 GiB of 2.0 GiB), and this upload needs 200000000 more (190.7 MiB).',
      'See your storage',
      '/me/account',
    ],
    [
      429,
      'too-many-pending-uploads',
      'You have 10 uploads waiting for their files, the most one account may have at once (10).',
      'See your uploads in progress',
      '/me/videos',
    ],
  ])('shows a %i %s refusal with its detail and where to look', async (status, code, detail, link, href) => {
    const { fetch } = fakeFetch({ 'POST /api/upload': () => problem(status, code, detail) });
    const user = userEvent.setup();
    render(
      <AuthProvider client={new ApiClient(fetch)}>
        <MemoryRouter>
          <Upload transport={() => Promise.reject(new Error('no upload expected'))} pollMs={150} />
        </MemoryRouter>
      </AuthProvider>,
    );
    await user.upload(screen.getByLabelText(/choose a file/i), new File([new Uint8Array(10)], 'a.mp4', { type: 'video/mp4' }));
    await user.click(screen.getByRole('button', { name: 'Upload' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(detail);
    expect(screen.getByRole('link', { name: link })).toHaveAttribute('href', href);
  });
});
