import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { json, problem } from '../test-utils';
import { ReactionBar } from './ReactionBar';
import { renderWith } from './social-test-utils';

describe('ReactionBar', () => {
  it('likes, switches to dislike and takes it back, showing the counts the API answers', async () => {
    const { calls } = renderWith(
      {
        'GET /api/videos/abcdefghijk/reaction': json({ reaction: 'none', likes: 4, dislikes: 1 }),
        'PUT /api/videos/abcdefghijk/reaction': (init) => {
          const r = JSON.parse(String(init.body)).reaction;
          return json({
            reaction: r,
            likes: r === 'like' ? 5 : 4,
            dislikes: r === 'dislike' ? 2 : 1,
          });
        },
      },
      <ReactionBar videoKey="abcdefghijk" likes={4} dislikes={1} />,
    );
    const user = userEvent.setup();
    const like = await screen.findByRole('button', { name: 'Like 4' });
    await waitFor(() => expect(like).toBeEnabled());
    await user.click(like);
    expect(await screen.findByRole('button', { name: 'Like 5' })).toHaveAttribute('aria-pressed', 'true');
    await user.click(screen.getByRole('button', { name: 'Dislike 1' }));
    expect(await screen.findByRole('button', { name: 'Dislike 2' })).toHaveAttribute('aria-pressed', 'true');
    expect(screen.getByRole('button', { name: 'Like 4' })).toHaveAttribute('aria-pressed', 'false');
    // a second click on the pressed button clears the reaction
    await user.click(screen.getByRole('button', { name: 'Dislike 2' }));
    expect(await screen.findByRole('button', { name: 'Dislike 1' })).toHaveAttribute('aria-pressed', 'false');
    const puts = calls.filter((c) => c.method === 'PUT').map((c) => c.body);
    expect(puts).toEqual([{ reaction: 'like' }, { reaction: 'dislike' }, { reaction: 'none' }]);
  });

  it('shows the counts to visitors with a prompt to log in, and API errors as a message', async () => {
    renderWith({}, <ReactionBar videoKey="abcdefghijk" likes={1200} dislikes={3} />, { signedIn: false });
    expect(await screen.findByRole('link', { name: 'Sign in' })).toHaveAttribute('href', '/login');
    expect(screen.getByRole('button', { name: 'Like 1.2K' })).toBeDisabled();
    expect(screen.getByText('1.2K')).toBeInTheDocument();
  });

  it('explains a refusal', async () => {
    renderWith(
      {
        'GET /api/videos/abcdefghijk/reaction': json({ reaction: 'none', likes: 0, dislikes: 0 }),
        'PUT /api/videos/abcdefghijk/reaction': problem(404, 'not-found', 'No such video'),
      },
      <ReactionBar videoKey="abcdefghijk" likes={0} dislikes={0} />,
    );
    const user = userEvent.setup();
    const like = await screen.findByRole('button', { name: 'Like 0' });
    await waitFor(() => expect(like).toBeEnabled());
    await user.click(like);
    expect(await screen.findByRole('alert')).toHaveTextContent('No such video');
  });
});
