package io.reelroute.moderation;

import static io.reelroute.testing.ApiClient.json;
import static io.reelroute.testing.ApiClient.problem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.reelroute.testing.ApiClient;
import io.reelroute.testing.IntegrationTest;
import io.reelroute.testing.TestApp;
import io.reelroute.testing.TestUsers;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/**
 * The reporter's e-mail when a report is decided, on the real stack (GreenMail): accepted (a
 * takedown) and rejected each send one message with the outcome to the reporter alone; a reporter
 * who turned the mail off gets none; a second decision and another run send nothing more.
 */
@IntegrationTest
class ReportMailIT {

  private static Map<String, Object> report(String type, String id) {
    return Map.of("targetType", type, "targetId", id, "reason", "spam", "text", "my private note");
  }

  private static void run(TestApp app) {
    app.app()
        .camelContext()
        .createFluentProducerTemplate()
        .to("direct:moderation-report-mail-run")
        .send();
  }

  /** Runs the mailer until the address has {@code expected} messages (the timer may run too). */
  private static void mailed(TestApp app, String email, int expected) throws Exception {
    run(app);
    assertTrue(
        TestApp.eventually(
            Duration.ofSeconds(10), () -> TestUsers.mailCount(app, email) >= expected),
        "mail to " + email);
    assertEquals(expected, TestUsers.mailCount(app, email));
  }

  /** The latest message to the address, its quoted-printable body decoded. */
  private static String latest(TestApp app, String email) throws Exception {
    String raw = TestUsers.latestMailTo(app, email);
    try (var in =
        MimeUtility.decode(
            new ByteArrayInputStream(raw.getBytes(StandardCharsets.ISO_8859_1)),
            "quoted-printable")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void acceptedAndRejectedReportsMailTheReporterOnceUnlessOptedOut(TestApp app) throws Exception {
    TestUsers.Session ownerSession = TestUsers.signUp(app);
    TestUsers.Session reporterSession = TestUsers.signUp(app);
    TestUsers.Session quietSession = TestUsers.signUp(app);
    ApiClient reporter = ApiClient.as(app, reporterSession);
    ApiClient quiet = ApiClient.as(app, quietSession);
    ApiClient admin = ApiClient.as(app, TestUsers.admin(app));
    String key = Fixtures.readyVideo(app, ownerSession, "Buy cheap pills now");
    String other = Fixtures.readyVideo(app, ownerSession, "A fine cooking video");

    // the outcome mail is on by default; the quiet reporter turns it off (the digest stays off)
    JsonNode defaults = json(reporter.get("/api/me/notification-settings"), 200);
    assertTrue(defaults.get("reportOutcomeEmail").asBoolean(), defaults.toString());
    assertFalse(defaults.get("subscriptionDigest").asBoolean(), defaults.toString());
    JsonNode off =
        json(quiet.put("/api/me/notification-settings", Map.of("reportOutcomeEmail", false)), 200);
    assertFalse(off.get("reportOutcomeEmail").asBoolean(), off.toString());
    assertFalse(off.get("subscriptionDigest").asBoolean(), off.toString());
    assertFalse(
        json(quiet.get("/api/me/notification-settings"), 200)
            .get("reportOutcomeEmail")
            .asBoolean());

    int reporterBefore = TestUsers.mailCount(app, reporterSession.email());
    int quietBefore = TestUsers.mailCount(app, quietSession.email());
    int ownerBefore = TestUsers.mailCount(app, ownerSession.email());
    long accepted =
        json(reporter.post("/api/reports", report("video", key)), 201).get("id").asLong();
    long quietReport =
        json(quiet.post("/api/reports", report("video", key)), 201).get("id").asLong();
    long rejected =
        json(reporter.post("/api/reports", report("video", other)), 201).get("id").asLong();
    run(app);
    assertEquals(reporterBefore, TestUsers.mailCount(app, reporterSession.email()), "open: none");

    // accepted: the takedown decides both reports of the video; one mail to the reporter
    json(
        admin.post(
            "/api/moderation/videos/" + key + "/takedown", Map.of("reason", "Spam links inside")),
        200);
    mailed(app, reporterSession.email(), reporterBefore + 1);
    String mail = latest(app, reporterSession.email());
    assertTrue(mail.startsWith("Your report: action taken"), mail);
    assertTrue(mail.contains("Buy cheap pills now"), mail);
    assertTrue(mail.contains("took down the video you reported"), mail);
    assertTrue(mail.contains("/me/account"), "where to turn it off: " + mail);
    assertFalse(mail.contains(ownerSession.email()), "nothing about the owner: " + mail);
    assertFalse(mail.contains("Spam links inside"), "not the owner's takedown reason: " + mail);
    // opted out: none, and nothing left waiting
    assertEquals(quietBefore, TestUsers.mailCount(app, quietSession.email()));
    assertEquals(
        0,
        app.count("SELECT COUNT(*) FROM moderation_report_mail WHERE report_id = ?", quietReport));
    assertEquals(
        0, app.count("SELECT COUNT(*) FROM moderation_report_mail WHERE report_id = ?", accepted));
    assertEquals(ownerBefore, TestUsers.mailCount(app, ownerSession.email()));

    // rejected, with a note for the reporter: one mail saying no action
    json(
        admin.post(
            "/api/moderation/reports/" + rejected + "/reject",
            Map.of("note", "Cooking is allowed")),
        200);
    mailed(app, reporterSession.email(), reporterBefore + 2);
    mail = latest(app, reporterSession.email());
    assertTrue(mail.startsWith("Your report: no action taken"), mail);
    assertTrue(mail.contains("A fine cooking video") && mail.contains("Cooking is allowed"), mail);

    // a second decision is refused and queues nothing; another run sends nothing twice
    problem(admin.post("/api/moderation/reports/" + rejected + "/reject", Map.of()), 409, null);
    problem(
        admin.post("/api/moderation/videos/" + key + "/takedown", Map.of("reason", "again")),
        409,
        null);
    run(app);
    run(app);
    Thread.sleep(300);
    assertEquals(reporterBefore + 2, TestUsers.mailCount(app, reporterSession.email()));
    assertEquals(quietBefore, TestUsers.mailCount(app, quietSession.email()));
    assertEquals(
        0,
        app.count(
            "SELECT COUNT(*) FROM moderation_report_mail WHERE user_id = ?",
            reporterSession.userId()));
  }

  @Test
  void aRemovedCommentsReporterGetsTheExcerptNotTheAuthor(TestApp app) throws Exception {
    TestUsers.Session ownerSession = TestUsers.signUp(app);
    TestUsers.Session troll = TestUsers.signUp(app);
    TestUsers.Session reporterSession = TestUsers.signUp(app);
    ApiClient admin = ApiClient.as(app, TestUsers.admin(app));
    String key = Fixtures.readyVideo(app, ownerSession, "Nice video");
    String commentId =
        json(
                ApiClient.as(app, troll)
                    .post("/api/videos/" + key + "/comments", Map.of("body", "you are awful")),
                201)
            .get("id")
            .asText();
    json(
        ApiClient.as(app, reporterSession).post("/api/reports", report("comment", commentId)), 201);
    int before = TestUsers.mailCount(app, reporterSession.email());
    assertEquals(204, admin.delete("/api/moderation/comments/" + commentId).statusCode());
    mailed(app, reporterSession.email(), before + 1);
    String mail = latest(app, reporterSession.email());
    assertTrue(mail.contains("a comment: \u201cyou are awful\u201d"), mail);
    assertTrue(mail.contains("removed the comment you reported"), mail);
    assertFalse(mail.contains(troll.email()), mail);
  }

  @Test
  void aFailedSendIsRetriedOnTheNextRun(TestApp app) throws Exception {
    TestUsers.Session ownerSession = TestUsers.signUp(app);
    TestUsers.Session reporterSession = TestUsers.signUp(app);
    ApiClient admin = ApiClient.as(app, TestUsers.admin(app));
    String key = Fixtures.readyVideo(app, ownerSession, "Harmless video");
    long id =
        json(ApiClient.as(app, reporterSession).post("/api/reports", report("video", key)), 201)
            .get("id")
            .asLong();
    int before = TestUsers.mailCount(app, reporterSession.email());
    json(admin.post("/api/moderation/reports/" + id + "/reject", Map.of()), 200);

    // a run claims it and the send fails (as the route's doCatch reports it): released, not sent
    var context = app.app().camelContext();
    ReportMail mailer =
        context.getRegistry().lookupByNameAndType("moderationReportMail", ReportMail.class);
    List<io.reelroute.common.MailBatches.Mail> claimed = mailer.claim();
    assertTrue(claimed.stream().anyMatch(m -> m.key() == id), claimed.toString());
    assertEquals(
        1,
        app.count(
            "SELECT COUNT(*) FROM moderation_report_mail WHERE report_id = ? AND batch IS NOT NULL",
            id));
    for (io.reelroute.common.MailBatches.Mail m : claimed) {
      Exchange failed = new DefaultExchange(context);
      failed.setProperty(io.reelroute.common.MailBatches.PROPERTY, m);
      failed.setProperty(Exchange.EXCEPTION_CAUGHT, new IllegalStateException("smtp down"));
      mailer.failed(failed);
    }
    assertEquals(
        1,
        app.count(
            "SELECT COUNT(*) FROM moderation_report_mail WHERE report_id = ? AND batch IS NULL",
            id));
    assertEquals(before, TestUsers.mailCount(app, reporterSession.email()));

    // the next run sends it, once
    mailed(app, reporterSession.email(), before + 1);
    run(app);
    assertEquals(before + 1, TestUsers.mailCount(app, reporterSession.email()));
    assertEquals(
        0, app.count("SELECT COUNT(*) FROM moderation_report_mail WHERE report_id = ?", id));
  }

  @Test
  void settingsRefusals(TestApp app) throws Exception {
    ApiClient me = ApiClient.as(app, TestUsers.signUp(app));
    problem(me.put("/api/me/notification-settings", Map.of()), 400, "subscriptionDigest");
    problem(
        me.put("/api/me/notification-settings", Map.of("reportOutcomeEmail", "no")),
        400,
        "reportOutcomeEmail");
    JsonNode both =
        json(
            me.put(
                "/api/me/notification-settings",
                Map.of("subscriptionDigest", true, "reportOutcomeEmail", false)),
            200);
    assertTrue(both.get("subscriptionDigest").asBoolean());
    assertFalse(both.get("reportOutcomeEmail").asBoolean());
    // changing one keeps the other
    JsonNode one =
        json(me.put("/api/me/notification-settings", Map.of("subscriptionDigest", false)), 200);
    assertFalse(one.get("subscriptionDigest").asBoolean());
    assertFalse(one.get("reportOutcomeEmail").asBoolean());
  }
}
