package io.reelroute.transcode;

import io.reelroute.config.Beans;
import io.reelroute.config.Capability;
import io.reelroute.config.Infrastructure;
import io.reelroute.video.VideoLifecycle;
import java.io.IOException;
import java.net.InetAddress;

/**
 * Binds the transcode pipeline's beans: one per stage of routes/transcode.camel.yaml (see its
 * header), the upload events, the video events and the notifications API.
 */
public final class TranscodeCapability implements Capability {

  @Override
  public void bind(Beans beans) {
    var settings = beans.settings();
    var infra = beans.infra();
    TranscodeConfig config = TranscodeConfig.from(settings);
    VideoLifecycle store = new VideoLifecycle(infra.dataSource());
    TranscodeMetrics metrics = new TranscodeMetrics();
    beans.bind("transcodeMetrics", metrics);
    // the job and dead-letter consumers long-poll: their client's timeouts cover the wait, and
    // what a poll returns once the worker is stopping goes straight back to the queue
    Processes.watchShutdown();
    beans.bind(
        "transcodeSqsClient",
        Infrastructure.longPollingSqs(
            settings,
            settings.positiveInt("reelroute.transcode.wait-seconds"),
            new ReleaseWhenStopping(Processes::stopping, infra.sqs())));
    // sources and outputs can be gigabytes: the aws2-s3 endpoints get their own client
    beans.bind("s3TransferClient", infra.transferS3(settings));
    io.reelroute.video.LivePlayback live = new io.reelroute.video.LivePlayback(infra.dataSource());
    StoredOutputs outputs =
        new StoredOutputs(
            new io.reelroute.catalog.Storage(infra.s3(), infra.presigner(), config.bucket()), live);
    Workspaces workspaces = new Workspaces(store, config.workDir(), config.heartbeatSeconds());
    long pid = ProcessHandle.current().pid();
    // stage beans, in the order of the transcode route
    beans.bind("uploadEventReader", new UploadEventReader(config.bucket(), metrics));
    beans.bind(
        "videoJobs",
        new VideoJobs(store, outputs, metrics, host() + "/" + pid, config.staleAfterSeconds()));
    beans.bind("jobWorkspace", workspaces);
    beans.bind("storedOutputs", outputs);
    beans.bind("prober", new Prober(config));
    // watch while processing: segments go to the bucket while ffmpeg writes them
    beans.bind(
        "livePublisher",
        new LivePublisher(
            infra.s3(),
            config.bucket(),
            live,
            settings.bool("reelroute.transcode.live-publishing"),
            settings.positiveInt("reelroute.transcode.live-poll-ms")));
    beans.bind("ladderEncoder", new LadderEncoder(config, store, metrics));
    beans.bind("outputPackager", new OutputPackager(config));
    // segments are small, so round trips dominate: a few uploads at once
    beans.bind(
        "publishThreads",
        java.util.concurrent.Executors.newFixedThreadPool(
            4,
            r -> {
              Thread t = new Thread(r, "transcode-publish");
              t.setDaemon(true);
              return t;
            }));
    beans.bind(
        "transcodeRetries",
        new TranscodeRetries(
            infra.sqs(),
            config.queue(),
            settings.positiveInt("reelroute.sqs.visibility-timeout-seconds"),
            metrics));
    beans.bind("deadLetters", new DeadLetters(store, metrics, config.staleAfterSeconds()));
    beans.bind(
        "staleJobs",
        new StaleJobs(
            new io.reelroute.video.StaleVideos(infra.dataSource()),
            workspaces,
            infra.s3(),
            config));
    beans.bind(
        "uploadEvents",
        new UploadEvents(store, infra.sqs(), config.bucket(), config.region(), config.queue()));
    beans.bind(
        "queueDepth",
        new QueueDepth(
            infra.sqs(),
            java.util.List.of(config.queue(), settings.get("reelroute.sqs.dead-letter-queue")),
            metrics));
    var notifications = new io.reelroute.social.NotificationStore(infra.dataSource());
    beans.bind("videoEvents", new VideoEvents(store, notifications, settings));
    beans.bind("notificationsApi", new NotificationsApi(notifications));
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "localhost";
    }
  }
}
