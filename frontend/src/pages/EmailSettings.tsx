import { useState } from 'react';
import { friendlyMessage } from '../api/client';
import { NotificationSettingsUpdate } from '../api/types';
import { useAuth } from '../auth/AuthContext';
import { useAsync } from '../lib/useAsync';
import { viewers } from '../viewers/api';

/**
 * The account page's e-mail choices (GET/PUT /api/me/notification-settings): the daily digest of
 * followed channels' new videos (off by default) and the e-mail when a report is decided (on).
 */
export function EmailSettings() {
  const { api } = useAuth();
  const settings = useAsync((signal) => viewers.digest(api, signal), [api]);
  const [notice, setNotice] = useState<string | null>(null);
  const change = async (changes: NotificationSettingsUpdate, said: string) => {
    try {
      await viewers.setNotificationSettings(api, changes);
      setNotice(said);
      settings.reload();
    } catch (e) {
      setNotice(friendlyMessage(e));
    }
  };
  return (
    <section aria-labelledby="email-settings-title">
      <h2 id="email-settings-title">E-mail notifications</h2>
      {settings.loading && !settings.data && <p>Loading…</p>}
      {settings.error !== null && (
        <p className="form-error" role="alert">
          {friendlyMessage(settings.error)}
        </p>
      )}
      {settings.data && (
        <>
          <label className="check">
            <input
              type="checkbox"
              checked={settings.data.reportOutcomeEmail}
              onChange={(e) => {
                const on = e.currentTarget.checked;
                void change(
                  { reportOutcomeEmail: on },
                  on ? 'You will get an e-mail when your reports are decided.' : 'No more e-mails about your reports.',
                );
              }}
            />{' '}
            E-mail me when a moderator decides a report I made
          </label>
          <label className="check">
            <input
              type="checkbox"
              checked={settings.data.subscriptionDigest}
              onChange={(e) => {
                const on = e.currentTarget.checked;
                void change(
                  { subscriptionDigest: on },
                  on ? 'You will get a daily e-mail of new videos.' : 'No more e-mails of new videos.',
                );
              }}
            />{' '}
            E-mail me a daily digest of new videos from channels I follow
          </label>
        </>
      )}
      {notice && <p role="status">{notice}</p>}
    </section>
  );
}
