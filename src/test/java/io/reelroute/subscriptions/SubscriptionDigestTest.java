package io.reelroute.subscriptions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SubscriptionDigestTest {

  private final SubscriptionDigest digest =
      new SubscriptionDigest(
          null, "https://reel.example", "noreply@reel.example", Clock.systemUTC());

  @Test
  void oneMessageListsEveryNewVideoWithItsLink() {
    io.reelroute.common.MailBatches.Mail mail =
        digest.build(
            7,
            "batch",
            "fan@example.test",
            "Fan",
            List.of(
                new String[] {"AAAAAAAAAAA", "First", "Ann"},
                new String[] {"BBBBBBBBBBB", null, "Bob"}));
    assertEquals("2 new videos from channels you follow", mail.subject());
    assertTrue(mail.text().contains("Ann: First\n    https://reel.example/watch/AAAAAAAAAAA"));
    assertTrue(mail.text().contains("Bob: Untitled"));
    assertEquals("fan@example.test", mail.to());
  }

  @Test
  void longDigestsAreCut() {
    List<String[]> many = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      many.add(new String[] {"AAAAAAAAAAA", "V" + i, "Ann"});
    }
    io.reelroute.common.MailBatches.Mail mail = digest.build(1, "b", "x@example.test", "X", many);
    assertEquals("60 new videos from channels you follow", mail.subject());
    assertTrue(mail.text().contains("…and 10 more."));
    assertEquals(
        1,
        digest
            .build(1, "b", "x@example.test", "X", many.subList(0, 1))
            .subject()
            .indexOf(" new video "));
    assertEquals("x".repeat(199) + "\u2026", SubscriptionEvents.cut("x".repeat(300), 200));
  }
}
