import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { ApiClient } from '../api/client';
import { NotificationSettings } from '../api/types';
import { AuthProvider } from '../auth/AuthContext';
import { fakeFetch, json } from '../test-utils';
import { EmailSettings } from './EmailSettings';

describe('E-mail notifications section', () => {
  it('shows the report outcome e-mail on by default and turns it off alone', async () => {
    let settings: NotificationSettings = { subscriptionDigest: false, reportOutcomeEmail: true };
    const { fetch, calls } = fakeFetch({
      'GET /api/me/notification-settings': () => json(settings),
      'PUT /api/me/notification-settings': (init) => {
        settings = { ...settings, ...(JSON.parse(String(init.body)) as Partial<NotificationSettings>) };
        return json(settings);
      },
    });
    render(
      <AuthProvider client={new ApiClient(fetch, () => Promise.resolve())}>
        <EmailSettings />
      </AuthProvider>,
    );
    const section = await screen.findByRole('region', { name: 'E-mail notifications' });
    const reports = await within(section).findByRole('checkbox', { name: /decides a report/ });
    expect(reports).toBeChecked();
    expect(within(section).getByRole('checkbox', { name: /daily digest/ })).not.toBeChecked();
    await userEvent.setup().click(reports);
    expect(await within(section).findByText('No more e-mails about your reports.')).toBeInTheDocument();
    await waitFor(() => expect(within(section).getByRole('checkbox', { name: /decides a report/ })).not.toBeChecked());
    const put = calls.find((c) => c.method === 'PUT');
    expect(put?.body).toEqual({ reportOutcomeEmail: false });
    expect(within(section).getByRole('checkbox', { name: /daily digest/ })).not.toBeChecked();
  });
});
