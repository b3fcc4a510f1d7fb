import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { json, problem } from '../test-utils';
import { CommentThread } from './CommentThread';
import { comment, renderWith } from './social-test-utils';

const base = '/api/videos/abcdefghijk/comments';

describe('CommentThread', () => {
  it('posts a comment, shows HTML as text, pages, replies, edits and deletes', async () => {
    let counts = 0;
    const { calls } = renderWith(
      {
        [`GET ${base}?sort=newest`]: json([comment(3, { replyCount: 1 }), comment(2)], 200, { 'X-Next-Cursor': 'c1' }),
        [`GET ${base}?sort=newest&cursor=c1`]: json([comment(1)]),
        [`GET ${base}?sort=top`]: json([comment(3, { replyCount: 1 })]),
        'GET /api/comments/3/replies': json([comment(4, { parentId: 3, body: 'an old reply' })]),
        [`POST ${base}`]: (init) => {
          const body = JSON.parse(String(init.body));
          return json(
            comment(body.parentId ? 11 : 10, {
              body: body.body,
              parentId: body.parentId ?? null,
              mine: true,
              canDelete: true,
              author: { handle: 'ann', displayName: 'Ann' },
            }),
            201,
          );
        },
        'PATCH /api/comments/10': (init) =>
          json(
            comment(10, {
              body: JSON.parse(String(init.body)).body,
              mine: true,
              canDelete: true,
              editedAt: new Date().toISOString(),
              author: { handle: 'ann', displayName: 'Ann' },
            }),
          ),
        'DELETE /api/comments/10': new Response(null, { status: 204 }),
      },
      <CommentThread videoKey="abcdefghijk" count={4} onCountChange={(d) => (counts += d)} />,
    );
    const user = userEvent.setup();
    expect(await screen.findByText('Comment 3')).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: '4 comments' })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'More comments' }));
    expect(await screen.findByText('Comment 1')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'More comments' })).toBeNull();

    // a new comment with markup: shown as the text it is, nothing injected
    const box = screen.getByRole('textbox', { name: 'Add a comment' });
    await user.type(box, '<b>bold</b> & <img src=x onerror=alert(1)>');
    expect(screen.getByText(`${'<b>bold</b> & <img src=x onerror=alert(1)>'.length} / 2000`)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Comment' }));
    expect(await screen.findByText('<b>bold</b> & <img src=x onerror=alert(1)>')).toBeInTheDocument();
    expect(document.querySelector('.comment-body b, .comment-body img')).toBeNull();
    expect(box).toHaveValue('');
    expect(counts).toBe(1);

    // replies: load the existing one, add another
    await user.click(screen.getByRole('button', { name: 'View 1 reply' }));
    expect(await screen.findByText('an old reply')).toBeInTheDocument();
    const third = screen.getByText('Comment 3').closest('li')!;
    await user.click(within(third).getAllByRole('button', { name: 'Reply' })[0]);
    const replyBox = screen.getByRole('textbox', { name: 'Reply to User 3' });
    await user.type(replyBox, 'my reply');
    await user.click(within(replyBox.closest('form')!).getByRole('button', { name: 'Reply' }));
    expect(await screen.findByText('my reply')).toBeInTheDocument();
    expect(calls.find((c) => c.method === 'POST' && (c.body as { parentId?: number }).parentId === 3)).toBeTruthy();
    expect(counts).toBe(2);

    // edit and delete my own comment
    const mine = screen.getByText('<b>bold</b> & <img src=x onerror=alert(1)>').closest('li')!;
    await user.click(within(mine).getByRole('button', { name: 'Edit' }));
    const editBox = within(mine).getByRole('textbox', { name: 'Edit your comment' });
    await user.clear(editBox);
    await user.type(editBox, 'plain now');
    await user.click(within(mine).getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('plain now')).toBeInTheDocument();
    expect(within(screen.getByText('plain now').closest('li')!).getByText(/\(edited\)/)).toBeInTheDocument();
    const edited = screen.getByText('plain now').closest('li')!;
    await user.click(within(edited).getByRole('button', { name: 'Delete' }));
    await user.click(within(edited).getByRole('button', { name: 'Delete comment' }));
    await waitFor(() => expect(screen.queryByText('plain now')).toBeNull());
    expect(counts).toBe(1);
    // others' comments offer neither edit nor delete
    const other = screen.getByText('Comment 2').closest('li')!;
    expect(within(other).queryByRole('button', { name: 'Edit' })).toBeNull();
    expect(within(other).queryByRole('button', { name: 'Delete' })).toBeNull();

    // top comments
    await user.selectOptions(screen.getByLabelText('Sort by'), 'top');
    await waitFor(() => expect(screen.queryByText('Comment 2')).toBeNull());
    expect(calls.some((c) => c.url === `${base}?sort=top`)).toBe(true);
  });

  it('refuses empty and over-long comments before sending, and shows the rate limit', async () => {
    const { calls } = renderWith(
      {
        [`GET ${base}?sort=newest`]: json([]),
        [`POST ${base}`]: () => {
          const r = problem(429, 'rate-limited', 'Too many comments; try again in 30 seconds');
          r.headers.set('Retry-After', '30');
          return r;
        },
      },
      <CommentThread videoKey="abcdefghijk" count={0} />,
    );
    const user = userEvent.setup();
    expect(await screen.findByText('No comments yet.')).toBeInTheDocument();
    const send = screen.getByRole('button', { name: 'Comment' });
    expect(send).toBeDisabled();
    const box = screen.getByRole('textbox', { name: 'Add a comment' });
    await user.type(box, '   ');
    expect(send).toBeDisabled();
    await user.click(box);
    await user.paste('x'.repeat(2001));
    expect(screen.getByText('2001 / 2000')).toHaveClass('over');
    expect(send).toBeDisabled();
    await user.clear(box);
    await user.type(box, 'hello');
    await user.click(send);
    expect(await screen.findByRole('alert')).toHaveTextContent('Too many attempts');
    expect(calls.filter((c) => c.method === 'POST' && c.url === base)).toHaveLength(1);
  });

  it('asks visitors to log in and offers them no composer or reply', async () => {
    renderWith({ [`GET ${base}?sort=newest`]: json([comment(1)]) }, <CommentThread videoKey="abcdefghijk" count={1} />, {
      signedIn: false,
    });
    expect(await screen.findByText('Comment 1')).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: '1 comment' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Sign in' })).toBeInTheDocument();
    expect(screen.queryByRole('textbox')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Reply' })).toBeNull();
  });
});
