import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ApiClient } from '../api/client';
import { AuthProvider } from '../auth/AuthContext';
import { fakeFetch, json } from '../test-utils';
import { Storage } from './Storage';

function renderStorage(fetch: typeof globalThis.fetch) {
  return render(
    <AuthProvider client={new ApiClient(fetch, () => Promise.resolve())}>
      <Storage />
    </AuthProvider>,
  );
}

describe('Storage section', () => {
  it('shows every quota with its usage, a bar for each limit and "no limit" when unlimited', async () => {
    const { fetch } = fakeFetch({
      'GET /api/me': () =>
        json({
          id: 1,
          email: 'ana@example.com',
          displayName: 'Ana',
          quota: {
            storageBytes: { used: 2_500_000_000, limit: 10_000_000_000 },
            dailyUploadBytes: { used: 700_000_000, limit: null },
            pendingUploads: { used: 3, limit: 10 },
          },
        }),
    });
    renderStorage(fetch);
    const section = await screen.findByRole('region', { name: 'Storage' });
    expect(await within(section).findByText('2.5 GB of 10 GB used')).toBeInTheDocument();
    const stored = within(section).getByRole('progressbar', { name: 'Videos stored' });
    expect(stored).toHaveAttribute('value', '2500000000');
    expect(stored).toHaveAttribute('max', '10000000000');
    expect(within(section).getByText('700 MB used (no limit)')).toBeInTheDocument();
    expect(within(section).queryByRole('progressbar', { name: 'Uploaded in the last 24 hours' })).toBeNull();
    expect(within(section).getByText('3 of 10 used')).toBeInTheDocument();
    expect(within(section).getByRole('progressbar', { name: 'Uploads in progress' })).toHaveAttribute('value', '3');
  });
});
