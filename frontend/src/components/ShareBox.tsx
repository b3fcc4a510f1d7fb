import { useState } from 'react';

/** The watch page's link and the embed code of the video, each with a copy button. */
export function ShareBox({ videoKey, title }: { videoKey: string; title: string }) {
  const origin = window.location.origin;
  const key = encodeURIComponent(videoKey);
  const link = `${origin}/watch/${key}`;
  const safeTitle = title.replace(/[&"<>]/g, (c) => ({ '&': '&amp;', '"': '&quot;', '<': '&lt;', '>': '&gt;' })[c]!);
  const embed = `<iframe src="${origin}/embed/${key}" title="${safeTitle}" width="640" height="360" allow="fullscreen; picture-in-picture" allowfullscreen></iframe>`;
  const [copied, setCopied] = useState<string | null>(null);
  const copy = (what: string, text: string) => {
    navigator.clipboard
      ?.writeText(text)
      .then(() => setCopied(what))
      .catch(() => setCopied(null));
  };
  return (
    <details className="share">
      <summary>Share</summary>
      <label htmlFor="share-link">Link</label>
      <div className="share-row">
        <input id="share-link" readOnly value={link} onFocus={(e) => e.currentTarget.select()} />
        <button type="button" onClick={() => copy('link', link)}>
          Copy
        </button>
      </div>
      <label htmlFor="share-embed">Embed</label>
      <div className="share-row">
        <textarea id="share-embed" readOnly rows={3} value={embed} onFocus={(e) => e.currentTarget.select()} />
        <button type="button" onClick={() => copy('embed code', embed)}>
          Copy
        </button>
      </div>
      <p role="status" className="meta">
        {copied ? `Copied the ${copied}.` : ''}
      </p>
    </details>
  );
}
