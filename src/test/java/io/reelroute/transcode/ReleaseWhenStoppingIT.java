package io.reelroute.transcode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reelroute.config.Infrastructure;
import io.reelroute.testing.IntegrationTest;
import io.reelroute.testing.TestApp;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * A long poll that returns while the worker stops: on the embedded ElasticMQ, what it received is
 * visible to the next consumer at once, not after the visibility timeout, and the stopping route
 * gets nothing.
 */
@IntegrationTest
class ReleaseWhenStoppingIT {

  private static List<String> bodies(List<Message> messages) {
    return messages.stream().map(Message::body).toList();
  }

  private static List<Message> receive(SqsClient sqs, String queue) {
    return sqs.receiveMessage(r -> r.queueUrl(queue).waitTimeSeconds(1).maxNumberOfMessages(10))
        .messages();
  }

  @Test
  void messagesReceivedWhileStoppingAreReleasedAtOnce(TestApp app) {
    SqsClient plain = app.app().infrastructure().sqs();
    String queue =
        plain
            .createQueue(
                r ->
                    r.queueName("release-it-" + UUID.randomUUID())
                        .attributes(java.util.Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "60")))
            .queueUrl();
    AtomicBoolean stopping = new AtomicBoolean();
    try (SqsClient worker =
        Infrastructure.longPollingSqs(
            app.app().settings(), 1, new ReleaseWhenStopping(stopping::get, plain))) {
      plain.sendMessage(r -> r.queueUrl(queue).messageBody("running"));
      assertEquals(List.of("running"), bodies(receive(worker, queue)), "a running worker gets it");
      assertEquals(List.of(), bodies(receive(plain, queue)), "then it is invisible for 60 s");

      plain.sendMessage(r -> r.queueUrl(queue).messageBody("late"));
      stopping.set(true);
      assertEquals(List.of(), bodies(receive(worker, queue)), "the stopping route gets nothing");
      long begin = System.nanoTime();
      List<String> next = bodies(receive(plain, queue));
      assertEquals(List.of("late"), next, "visible again at once, not after 60 s");
      assertTrue(System.nanoTime() - begin < 10_000_000_000L);
    } finally {
      plain.deleteQueue(r -> r.queueUrl(queue));
    }
  }
}
