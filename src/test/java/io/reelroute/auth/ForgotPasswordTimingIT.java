package io.reelroute.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reelroute.testing.IntegrationTest;
import io.reelroute.testing.TestApp;
import io.reelroute.testing.TestUsers;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, item 6: forgot-password answers after the same work whether the address has an account
 * or not. Measured over HTTP against the running app: at least 200 samples of each, interleaved in
 * random order, each address used once (so no rate limit trips); the medians differ by at most 2
 * ms.
 */
@IntegrationTest
class ForgotPasswordTimingIT {

  private static final int SAMPLES = 220;
  private static final int WARM_UP = 20;

  @Test
  void existingAndUnknownAddressesTakeTheSameTime(TestApp app) throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    List<String> existing = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    for (int i = 0; i < SAMPLES + WARM_UP; i++) {
      existing.add("timing-" + run + "-" + i + "@example.test");
      unknown.add("nobody-" + run + "-" + i + "@example.test");
    }
    // active accounts straight in the database: signing 240 users up would take minutes
    try (Connection c = app.app().infrastructure().dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO users (email, display_name, password_hash, status, confirmed_at)"
                    + " VALUES (?, 'Timing', 'not-a-hash', 'ACTIVE', CURRENT_TIMESTAMP(3))")) {
      for (String email : existing) {
        ps.setString(1, email);
        ps.addBatch();
      }
      ps.executeBatch();
    }

    Random random = new Random(12);
    double[] known = new double[SAMPLES];
    double[] stranger = new double[SAMPLES];
    for (int i = 0; i < SAMPLES + WARM_UP; i++) {
      boolean knownFirst = random.nextBoolean();
      double a = time(app, knownFirst ? existing.get(i) : unknown.get(i));
      double b = time(app, knownFirst ? unknown.get(i) : existing.get(i));
      if (i >= WARM_UP) {
        known[i - WARM_UP] = knownFirst ? a : b;
        stranger[i - WARM_UP] = knownFirst ? b : a;
      }
    }
    double knownMedian = median(known);
    double strangerMedian = median(stranger);
    System.out.printf(
        "forgot-password over HTTP, %d samples each: existing median %.2f ms, unknown median %.2f"
            + " ms, difference %.2f ms%n",
        SAMPLES, knownMedian, strangerMedian, knownMedian - strangerMedian);
    assertTrue(
        Math.abs(knownMedian - strangerMedian) <= 2.0,
        "medians " + knownMedian + " ms (existing) vs " + strangerMedian + " ms (unknown)");

    // and the work still happens after the answer: the existing address got its code
    String last = existing.get(existing.size() - 1);
    assertTrue(
        TestUsers.awaitCode(app, last).matches("[0-9]{6}"), "a reset code mailed to " + last);
    assertEquals(0, TestUsers.mailCount(app, unknown.get(unknown.size() - 1)));
  }

  private static double time(TestApp app, String email) throws InterruptedException {
    // a short pause so the work after one answer does not land in the next measurement
    Thread.sleep(8);
    long start = System.nanoTime();
    HttpResponse<String> response =
        TestUsers.post(
            app, "/api/auth/forgot-password", Map.of("email", email), TestUsers.randomIp());
    double ms = (System.nanoTime() - start) / 1e6;
    assertEquals(202, response.statusCode(), response.body());
    return ms;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
