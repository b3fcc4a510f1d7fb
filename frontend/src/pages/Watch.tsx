import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { ApiError } from '../api/client';
import { useAuth } from '../auth/AuthContext';
import { ErrorPanel, Spinner } from '../components/ErrorPanel';
import { Player } from '../components/Player';
import { ShareBox } from '../components/ShareBox';
import { formatAge, formatEta } from '../lib/format';
import { useVideoPlayback } from '../lib/useVideoPlayback';
import { ReportButton } from '../moderation/ReportButton';
import { ReviewTakedownNotice, TakedownNotice } from '../moderation/TakedownNotice';
import { compact, social } from '../social/api';
import { CommentThread } from '../social/CommentThread';
import { ReactionBar } from '../social/ReactionBar';
import { SaveToPlaylist } from '../viewers/SaveToPlaylist';

export function Watch() {
  const { videoKey = '' } = useParams();
  const { api } = useAuth();
  const { ready, video, isReady, playback, refresh } = useVideoPlayback(videoKey);
  // one view per opened watch page (the API counts a viewer once per hour)
  const [views, setViews] = useState<number | null>(null);
  const [commentCount, setCommentCount] = useState<number | null>(null);
  // another video: forget the last one's counts (state adjusted while rendering, not in the effect)
  const [shown, setShown] = useState({ videoKey, isReady });
  if (shown.videoKey !== videoKey || shown.isReady !== isReady) {
    setShown({ videoKey, isReady });
    setViews(null);
    setCommentCount(null);
  }
  // a moderator or admin reviewing a taken-down video (the API shows it to them and its owner only)
  const reviewing = !!video.data?.takedown && !video.data.isOwner;
  useEffect(() => {
    if (!isReady || reviewing) return;
    social
      .view(api, videoKey)
      .then((r) => setViews(r.views))
      .catch(() => undefined); // counting is best effort
  }, [api, videoKey, isReady, reviewing]);

  if (!ready || (video.loading && !video.data)) return <Spinner label="Loading video" />;
  if (video.error) {
    if (video.error instanceof ApiError && video.error.status === 404) {
      return (
        <div className="empty">
          <h1>Video not found</h1>
          <p>It may have been removed, or it is private.</p>
          <Link to="/">Back to all videos</Link>
        </div>
      );
    }
    return <ErrorPanel error={video.error} onRetry={video.reload} />;
  }
  const v = video.data;
  if (!v) return <Spinner label="Loading video" />;
  // READY, or still processing with its first segments out ("more qualities soon")
  const playable = v.state === 'READY' || (v.state === 'PROCESSING' && !!playback.data?.processing);
  return (
    <article className="watch">
      {v.takedown &&
        (reviewing ? (
          <ReviewTakedownNotice reason={v.takedown.reason} at={v.takedown.at} />
        ) : (
          <TakedownNotice videoKey={v.videoKey} reason={v.takedown.reason} />
        ))}
      {!playable ? (
        <div className="processing" role="status">
          {v.state === 'FAILED' ? (
            <p>This video could not be processed{v.failureReason ? `: ${v.failureReason}` : '.'}</p>
          ) : (
            <>
              <p>
                This video is still being processed{v.progressPercent != null ? ` (${Math.round(v.progressPercent)}%` : ''}
                {v.progressPercent != null ? `${v.etaSeconds != null ? `, ${formatEta(v.etaSeconds)}` : ''})` : ''}.
              </p>
              <button type="button" onClick={video.reload}>
                Check again
              </button>
            </>
          )}
        </div>
      ) : playback.data ? (
        <Player playback={playback.data} title={v.title} refresh={refresh} />
      ) : playback.error ? (
        <ErrorPanel error={playback.error} onRetry={playback.reload} />
      ) : (
        <Spinner label="Loading player" />
      )}
      <h1 className="watch-title">{v.title}</h1>
      <p className="meta">
        {v.owner && (v.ownerHandle ? <Link to={`/u/${encodeURIComponent(v.ownerHandle)}`}>{v.owner}</Link> : <span>{v.owner}</span>)}
        {v.owner && v.uploadTime && ' · '}
        {v.uploadTime && <time dateTime={v.uploadTime}>{formatAge(v.uploadTime)}</time>}
        {v.visibility !== 'PUBLIC' && <span className="tag">{v.visibility.toLowerCase()}</span>}
      </p>
      {v.state === 'READY' && !reviewing && (
        <div className="watch-social">
          <span className="meta">{(views ?? v.views) === 1 ? '1 view' : `${compact(views ?? v.views)} views`}</span>
          <ReactionBar videoKey={v.videoKey} likes={v.likes} dislikes={v.dislikes} />
          <SaveToPlaylist videoKey={v.videoKey} />
          {!v.isOwner && <ReportButton targetType="video" targetId={v.videoKey} label="Report this video" />}
        </div>
      )}
      {v.description && <p className="description">{v.description}</p>}
      {playback.data?.mp4 && (
        <p>
          <a href={playback.data.mp4} download>
            Download MP4
          </a>
        </p>
      )}
      {v.state === 'READY' && v.visibility !== 'PRIVATE' && !v.takedown && <ShareBox videoKey={v.videoKey} title={v.title} />}
      {v.state === 'READY' && !reviewing && (
        <CommentThread
          videoKey={v.videoKey}
          count={commentCount ?? v.comments}
          onCountChange={(d) => setCommentCount((c) => Math.max(0, (c ?? v.comments) + d))}
        />
      )}
    </article>
  );
}
