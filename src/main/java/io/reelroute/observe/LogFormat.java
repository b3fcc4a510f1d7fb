package io.reelroute.observe;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import io.reelroute.config.Settings;
import io.reelroute.config.SettingsException;
import org.slf4j.LoggerFactory;

/**
 * {@code reelroute.log.format}: {@code text} (logback.xml's console pattern, the default) or {@code
 * json}: one JSON object per line on stdout (logback's own JsonEncoder: timestamp, level,
 * threadName, loggerName, message, mdc with requestId/videoKey/routeId where known, throwable).
 */
public final class LogFormat {

  public static final String SETTING = "reelroute.log.format";
  static final String TEXT_APPENDER = "console";
  static final String JSON_APPENDER = "json";

  private LogFormat() {}

  /** Switches the root logger's console output to the format the settings ask for. */
  public static void apply(Settings settings) {
    String format = settings.get(SETTING).strip().toLowerCase(java.util.Locale.ROOT);
    if (!format.equals("text") && !format.equals("json")) {
      throw new SettingsException(SETTING, "must be text or json, not '" + format + "'");
    }
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return;
    }
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    if (format.equals("json")) {
      if (root.getAppender(JSON_APPENDER) == null) {
        root.addAppender(jsonAppender(context));
      }
      root.detachAppender(TEXT_APPENDER);
    }
  }

  /** Console output of JSON lines. */
  static Appender<ILoggingEvent> jsonAppender(LoggerContext context) {
    ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
    appender.setContext(context);
    appender.setName(JSON_APPENDER);
    appender.setEncoder(encoder(context));
    appender.start();
    return appender;
  }

  static JsonEncoder encoder(LoggerContext context) {
    JsonEncoder encoder = new JsonEncoder();
    encoder.setContext(context);
    // the logger context's name and properties on every line are noise for a log collector
    encoder.setWithContext(false);
    encoder.setWithSequenceNumber(false);
    encoder.setWithNanoseconds(false);
    // the message as written, not its pattern and arguments
    encoder.setWithFormattedMessage(true);
    encoder.setWithMessage(false);
    encoder.setWithArguments(false);
    encoder.start();
    return encoder;
  }
}
