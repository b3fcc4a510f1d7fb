import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { comment, renderWith } from '../social/social-test-utils';
import { json, problem } from '../test-utils';
import { CommentThread } from '../social/CommentThread';
import { ReportButton } from './ReportButton';
import { TakedownNotice } from './TakedownNotice';

describe('Report button', () => {
  it('files a report with a reason and a note, then thanks the user', async () => {
    const { calls } = renderWith(
      { 'POST /api/reports': json({ id: 1, state: 'open' }, 201) },
      <ReportButton targetType="video" targetId="abcdefghijk" label="Report this video" />,
    );
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Report this video' }));
    await user.selectOptions(screen.getByLabelText('Reason'), 'harassment');
    await user.type(screen.getByLabelText('What is wrong (optional)'), 'insults in the video');
    await user.click(screen.getByRole('button', { name: 'Send report' }));
    expect(await screen.findByRole('status')).toHaveTextContent('Reported');
    expect(calls.find((c) => c.url === '/api/reports')!.body).toEqual({
      targetType: 'video',
      targetId: 'abcdefghijk',
      reason: 'harassment',
      text: 'insults in the video',
    });
  });

  it("shows the API's refusal (one open report per target)", async () => {
    renderWith(
      { 'POST /api/reports': problem(409, 'report-exists', 'You have an open report on this already') },
      <ReportButton targetType="comment" targetId="7" label="Report comment" />,
    );
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Report comment' }));
    await user.click(screen.getByRole('button', { name: 'Send report' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('You have an open report on this already');
  });

  it('is not offered to anonymous visitors', async () => {
    renderWith({}, <ReportButton targetType="video" targetId="abcdefghijk" label="Report this video" />, { signedIn: false });
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Report this video' })).toBeNull());
  });

  it('sits on other people’s comments, not on one’s own', async () => {
    renderWith(
      {
        'GET /api/videos/abcdefghijk/comments?sort=newest': json([
          comment(1, { author: { handle: 'bob', displayName: 'Bob' } }),
          comment(2, { mine: true, canDelete: true }),
        ]),
      },
      <CommentThread videoKey="abcdefghijk" count={2} onCountChange={() => undefined} />,
    );
    expect(await screen.findByRole('button', { name: 'Report comment by Bob' })).toBeInTheDocument();
    expect(screen.getAllByRole('button', { name: /^Report comment/ })).toHaveLength(1);
  });
});

describe('Takedown notice (the owner’s watch page)', () => {
  it('shows the reason and sends one appeal', async () => {
    const { calls } = renderWith(
      {
        'GET /api/videos/abcdefghijk/appeal': problem(404, 'no-appeal'),
        'POST /api/videos/abcdefghijk/appeal': json({ videoKey: 'abcdefghijk', text: 'not spam', state: 'open' }, 201),
      },
      <TakedownNotice videoKey="abcdefghijk" reason="Spam links" />,
    );
    const user = userEvent.setup();
    expect(screen.getByTestId('takedown-reason')).toHaveTextContent('Spam links');
    await user.click(await screen.findByRole('button', { name: 'Appeal' }));
    await user.type(screen.getByLabelText('Why should it be restored?'), 'not spam');
    await user.click(screen.getByRole('button', { name: 'Send appeal' }));
    expect(await screen.findByRole('status')).toHaveTextContent('waiting for a moderator');
    expect(calls.find((c) => c.url.endsWith('/appeal') && c.method === 'POST')!.body).toEqual({ text: 'not spam' });
    expect(screen.queryByRole('button', { name: 'Appeal' })).toBeNull();
  });

  it('offers no second appeal', async () => {
    renderWith(
      { 'GET /api/videos/abcdefghijk/appeal': json({ videoKey: 'abcdefghijk', text: 'x', state: 'rejected' }) },
      <TakedownNotice videoKey="abcdefghijk" reason="Spam links" />,
    );
    expect(await screen.findByRole('status')).toHaveTextContent('Your appeal is rejected');
    expect(screen.queryByRole('button', { name: 'Appeal' })).toBeNull();
  });
});
