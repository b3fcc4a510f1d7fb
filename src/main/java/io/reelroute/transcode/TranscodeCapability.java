package io.reelroute.transcode;

import io.reelroute.config.Beans;
import io.reelroute.config.Capability;

/** Binds the transcode pipeline's beans (upload events, jobs, video events, notifications). */
public final class TranscodeCapability implements Capability {

  @Override
  public void bind(Beans beans) {
    var settings = beans.settings();
    TranscodeConfig config = TranscodeConfig.from(settings);
    VideoStore store = new VideoStore(beans.infra().dataSource());
    TranscodeMetrics metrics = new TranscodeMetrics();
    beans.bind("transcodeMetrics", metrics);
    // the job and dead-letter consumers long-poll: their client's timeouts cover the wait, and
    // what a poll returns once the worker is stopping goes straight back to the queue
    Processes.watchShutdown();
    beans.bind(
        "transcodeSqsClient",
        io.reelroute.config.Infrastructure.longPollingSqs(
            settings,
            settings.positiveInt("reelroute.transcode.wait-seconds"),
            new ReleaseWhenStopping(Processes::stopping, beans.infra().sqs())));
    beans.bind(
        "transcodeJobs",
        new TranscodeJob(
            config,
            store,
            beans.infra().s3(),
            beans.infra().sqs(),
            metrics,
            settings.positiveInt("reelroute.sqs.visibility-timeout-seconds")));
    beans.bind(
        "uploadEvents",
        new UploadEvents(
            store,
            beans.infra().s3(),
            beans.infra().sqs(),
            config.bucket(),
            config.region(),
            config.queue(),
            settings.positiveInt("reelroute.upload-events.batch")));
    beans.bind(
        "queueDepth",
        new QueueDepth(
            beans.infra().sqs(),
            java.util.List.of(config.queue(), settings.get("reelroute.sqs.dead-letter-queue")),
            metrics));
    beans.bind("videoEvents", new VideoEvents(store, settings, metrics));
    beans.bind("notificationsApi", new NotificationsApi(store));
  }
}
