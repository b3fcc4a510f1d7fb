-- E-mail to reporters (issue 15): when a moderator decides a report (accepted by a takedown, a
-- comment removal or a disabled account, or rejected), the reporter gets an e-mail with the outcome
-- unless they turned it off.
-- The user's choice (on by default, as PeerTube), next to the digest choice of GET/PUT
-- /api/me/notification-settings (written by io.reelroute.subscriptions, read by moderation's mailer).
ALTER TABLE subscription_preferences
  ADD COLUMN report_outcome_email BOOLEAN NOT NULL DEFAULT TRUE;

-- Decided reports whose outcome mail is waiting, one row per report (written in the decision's
-- transaction, so a report is queued once however it is decided); claimed by a batch while being
-- sent, deleted once sent, released on a failed send. Owned by io.reelroute.moderation.
CREATE TABLE moderation_report_mail (
  report_id  BIGINT      NOT NULL PRIMARY KEY,
  user_id    BIGINT      NOT NULL,
  created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  batch      CHAR(36)    NULL,
  claimed_at DATETIME(3) NULL,
  CONSTRAINT fk_report_mail_report FOREIGN KEY (report_id) REFERENCES moderation_reports (id)
    ON DELETE CASCADE,
  CONSTRAINT fk_report_mail_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
  INDEX ix_report_mail_batch (batch, created_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
