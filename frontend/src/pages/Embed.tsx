import { useParams } from 'react-router-dom';
import { ApiError } from '../api/client';
import { ErrorPanel, Spinner } from '../components/ErrorPanel';
import { Player } from '../components/Player';
import { useVideoPlayback } from '../lib/useVideoPlayback';

/**
 * The embeddable player (/embed/{videoKey}): the player alone, filling the frame another site puts
 * it in, with the title linking to the watch page. Public and unlisted videos only in practice (a
 * frame on another site has no session).
 */
export function Embed() {
  const { videoKey = '' } = useParams();
  const { key, video, isReady, playback, refresh } = useVideoPlayback(videoKey);
  const watchUrl = `${window.location.origin}/watch/${key}`;

  let body;
  if (video.error instanceof ApiError && video.error.status === 404) {
    body = <p className="embed-message">This video is private or does not exist.</p>;
  } else if (video.error) {
    body = <ErrorPanel error={video.error} onRetry={video.reload} />;
  } else if (!video.data) {
    body = <Spinner label="Loading video" />;
  } else if (playback.data && (isReady || playback.data.processing)) {
    // a video still processing plays as soon as its first segments are out
    body = <Player playback={playback.data} title={video.data.title} refresh={refresh} />;
  } else if (!isReady) {
    body = <p className="embed-message">This video is not ready to play yet.</p>;
  } else if (playback.error) {
    body = <ErrorPanel error={playback.error} onRetry={playback.reload} />;
  } else {
    body = <Spinner label="Loading player" />;
  }
  return (
    <div className="embed">
      {body}
      {video.data && (
        <a className="embed-title" href={watchUrl} target="_blank" rel="noopener noreferrer">
          {video.data.title} · Reelroute
        </a>
      )}
    </div>
  );
}
