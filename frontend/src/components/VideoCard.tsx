import { useState } from 'react';
import { Link } from 'react-router-dom';
import { Video } from '../api/types';
import { formatAge, formatDuration } from '../lib/format';
import { compact } from '../social/api';

export function VideoCard({ video }: { video: Video }) {
  // a thumbnail that fails to load (expired URL, object gone) shows the placeholder, never a broken image
  const [broken, setBroken] = useState(false);
  return (
    <li className="card">
      <Link to={`/watch/${encodeURIComponent(video.videoKey)}`} className="card-link">
        <div className="thumb">
          {video.thumbnail && !broken ? (
            <img src={video.thumbnail} alt="" loading="lazy" onError={() => setBroken(true)} />
          ) : (
            <div className="thumb-empty" />
          )}
          {video.durationSeconds != null && <span className="duration">{formatDuration(video.durationSeconds)}</span>}
        </div>
        <h2 className="card-title">{video.title}</h2>
      </Link>
      <p className="meta">
        {video.owner &&
          (video.ownerHandle ? <Link to={`/u/${encodeURIComponent(video.ownerHandle)}`}>{video.owner}</Link> : <span>{video.owner}</span>)}
        {video.owner && video.uploadTime && ' · '}
        {video.uploadTime && <time dateTime={video.uploadTime}>{formatAge(video.uploadTime)}</time>}
      </p>
      <p className="meta counts">
        <span>{video.views === 1 ? '1 view' : `${compact(video.views)} views`}</span>
        {' · '}
        <span aria-label={`${video.likes} likes`}>▲ {compact(video.likes)}</span>
        {' · '}
        <span aria-label={`${video.comments} comments`}>{compact(video.comments)} comments</span>
      </p>
    </li>
  );
}
