import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { ApiClient } from '../api/client';
import { AuthProvider } from '../auth/AuthContext';
import { fakeFetch, json, problem } from '../test-utils';
import { CaptionsEditor } from './CaptionsEditor';

const VTT = 'WEBVTT\n\n00:00.000 --> 00:01.000\nBonjour\n';

describe('Captions editor', () => {
  it('uploads a caption file for a language, lists it and removes it', async () => {
    let tracks: { lang: string; label: string }[] = [];
    const { fetch, calls } = fakeFetch({
      'GET /api/videos/aaaaaaaaaaa/captions': () => json({ items: tracks }),
      'PUT /api/videos/aaaaaaaaaaa/captions/fr': () => {
        tracks = [{ lang: 'fr', label: 'Français' }];
        return json({ lang: 'fr', label: 'Français' }, 201);
      },
      'DELETE /api/videos/aaaaaaaaaaa/captions/fr': () => {
        tracks = [];
        return json(undefined, 204);
      },
    });
    const user = userEvent.setup();
    render(
      <AuthProvider client={new ApiClient(fetch, () => Promise.resolve())}>
        <CaptionsEditor videoKey="aaaaaaaaaaa" />
      </AuthProvider>,
    );
    expect(await screen.findByText('No captions yet.')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Add captions' })).toBeDisabled();

    await user.upload(screen.getByLabelText('Caption file (.vtt or .srt)'), new File([VTT], 'fr.vtt', { type: 'text/vtt' }));
    await user.clear(screen.getByLabelText('Language'));
    await user.type(screen.getByLabelText('Language'), 'fr');
    await user.type(screen.getByLabelText('Label (optional)'), 'Français');
    await user.click(screen.getByRole('button', { name: 'Add captions' }));

    expect(await screen.findByRole('status')).toHaveTextContent('Captions "Français" saved.');
    const put = calls.find((c) => c.method === 'PUT')!;
    expect(put.url).toBe('/api/videos/aaaaaaaaaaa/captions/fr?label=Fran%C3%A7ais');
    expect(put.body).toBe(VTT); // the file as is, not JSON
    expect(put.headers['Content-Type']).toBe('text/vtt');
    expect(await screen.findByText('Français')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Remove captions Français' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'DELETE')).toBe(true));
    expect(await screen.findByText('No captions yet.')).toBeInTheDocument();
  });

  it('shows why a file was refused', async () => {
    const { fetch } = fakeFetch({
      'GET /api/videos/aaaaaaaaaaa/captions': () => json({ items: [] }),
      'PUT /api/videos/aaaaaaaaaaa/captions/en': () =>
        problem(422, 'invalid-captions', 'A caption file starts with the line WEBVTT (or is a SubRip .srt file)'),
    });
    const user = userEvent.setup();
    render(
      <AuthProvider client={new ApiClient(fetch, () => Promise.resolve())}>
        <CaptionsEditor videoKey="aaaaaaaaaaa" />
      </AuthProvider>,
    );
    await user.upload(await screen.findByLabelText('Caption file (.vtt or .srt)'), new File(['hello'], 'notes.vtt', { type: 'text/vtt' }));
    await user.click(screen.getByRole('button', { name: 'Add captions' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('A caption file starts with the line WEBVTT');
  });
});
