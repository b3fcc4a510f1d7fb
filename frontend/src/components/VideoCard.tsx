import { Link } from 'react-router-dom';
import { Video } from '../api/types';
import { formatAge, formatDuration } from '../lib/format';

export function VideoCard({ video }: { video: Video }) {
  return (
    <li className="card">
      <Link to={`/watch/${encodeURIComponent(video.videoKey)}`} className="card-link">
        <div className="thumb">
          {video.thumbnail ? <img src={video.thumbnail} alt="" loading="lazy" /> : <div className="thumb-empty" />}
          {video.durationSeconds != null && <span className="duration">{formatDuration(video.durationSeconds)}</span>}
        </div>
        <h3 className="card-title">{video.title}</h3>
      </Link>
      <p className="meta">
        {video.owner && <span>{video.owner}</span>}
        {video.owner && video.uploadTime && ' · '}
        {video.uploadTime && <time dateTime={video.uploadTime}>{formatAge(video.uploadTime)}</time>}
      </p>
    </li>
  );
}
