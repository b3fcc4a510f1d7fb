package io.reelroute.moderation;

import io.reelroute.auth.Members;
import io.reelroute.auth.RateLimiter;
import io.reelroute.catalog.CatalogService;
import io.reelroute.config.Beans;
import io.reelroute.config.Capability;
import java.time.Clock;

/**
 * Roles and moderation (issue 15, routes/moderation.camel.yaml): abuse reports, the moderators'
 * queue and actions, appeals, the admin page's API and the audit log. Owns the tables
 * moderation_reports, moderation_appeals, moderation_audit and moderation_report_mail (the
 * reporters' outcome e-mails); the accounts are auth's ({@code authMembers}), the takedown flag
 * video's (VideoModeration). Needs the auth and catalog beans.
 */
public final class ModerationCapability implements Capability {

  @Override
  public void bind(Beans beans) {
    ModerationSettings settings = ModerationSettings.from(beans.settings());
    Clock clock = Clock.systemUTC();
    var dataSource = beans.infra().dataSource();
    Members members = beans.lookup("authMembers", Members.class);
    CatalogService catalog = beans.lookup("catalogService", CatalogService.class);
    if (members == null || catalog == null) {
      throw new IllegalStateException("moderation needs the auth and catalog beans first");
    }
    RateLimiter limiter = new RateLimiter(dataSource, settings.reportRateWindow(), clock);
    beans.bind("moderationReports", new Reports(dataSource, settings, limiter));
    beans.bind("moderationActions", new Actions(dataSource, members, catalog, clock));
    beans.bind("moderationAppeals", new Appeals(dataSource, settings));
    beans.bind("moderationAdmin", new AdminApi(dataSource, settings, members, catalog));
    String publicUrl = beans.settings().require("reelroute.public-url").strip();
    if (publicUrl.endsWith("/")) {
      publicUrl = publicUrl.substring(0, publicUrl.length() - 1);
    }
    beans.bind(
        "moderationReportMail",
        new ReportMail(
            dataSource, publicUrl, beans.settings().require("reelroute.smtp.from"), clock));
  }
}
