package io.reelroute.auth;

import io.reelroute.common.ApiException;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * The identity flows' mail (bean {@code authMailer}): turns exchange property {@code authMail} into
 * the message camel-mail sends, and lets a refusal wait until its mail is queued.
 */
public final class AuthMail {

  /** A refusal held back until the mail that goes with it is queued. */
  static final String REFUSAL_PROPERTY = "authRefusal";

  private final AuthSettings settings;

  AuthMail(AuthSettings settings) {
    this.settings = settings;
  }

  /**
   * Refuses the request: at once when there is nothing to mail, else after the route queued the
   * mail ({@link #throwRefusal}, the step after direct:auth-mail-queue).
   */
  static void refuse(Exchange exchange, ApiException refusal, OutgoingMail mail) {
    if (mail == null) {
      throw refusal;
    }
    exchange.setProperty(AuthRequests.MAIL_PROPERTY, mail);
    exchange.setProperty(REFUSAL_PROPERTY, refusal);
  }

  /** Throws the refusal an earlier step held back, if any. */
  public void throwRefusal(Exchange exchange) {
    ApiException refusal = exchange.getProperty(REFUSAL_PROPERTY, ApiException.class);
    if (refusal != null) {
      throw refusal;
    }
  }

  /** Turns exchange property authMail into the message camel-mail sends. */
  public void prepareMail(Exchange exchange) {
    OutgoingMail mail = exchange.getProperty(AuthRequests.MAIL_PROPERTY, OutgoingMail.class);
    Message m = exchange.getMessage();
    m.removeHeaders("*");
    m.setHeader("To", mail.to());
    m.setHeader("From", settings.smtpFrom());
    m.setHeader("Subject", mail.subject());
    m.setHeader("Content-Type", "text/plain; charset=UTF-8");
    m.setBody(mail.text());
  }
}
