package io.reelroute.auth;

import io.reelroute.common.ApiException;
import io.reelroute.common.Json;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Development mail box, embedded stack only: GET /dev/mail (HTML) and /dev/mail.json list the
 * messages GreenMail captured, newest first, so a newcomer can finish sign-up without a mail
 * server. With an external stack there is no GreenMail and both answer 404; so do they when the
 * HTTP server is bound to anything but loopback (the mail holds every confirmation and reset code),
 * see {@link #servedOn(String)}.
 */
public final class DevMail {

  private static final int LIMIT = 50;
  // no GreenMail type here: Camel introspects this bean, and a production build lacks GreenMail
  private final Supplier<MimeMessage[]> mail;

  /**
   * Whether the mail box may be served by an HTTP server bound to {@code host}: only loopback
   * ({@code 127.0.0.0/8}, {@code ::1}, {@code localhost}). Names other than localhost are never
   * resolved (a name could point anywhere); {@code 0.0.0.0}, {@code ::} and every other address are
   * refused.
   */
  public static boolean servedOn(String host) {
    if (host == null) {
      return false;
    }
    String h = host.strip().toLowerCase(java.util.Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    if (h.equals("localhost")) {
      return true;
    }
    boolean literal = h.matches("[0-9.]+") || (h.contains(":") && h.matches("[0-9a-f:.]+"));
    if (!literal) {
      return false;
    }
    try {
      return java.net.InetAddress.getByName(h).isLoopbackAddress(); // a literal: no lookup
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }

  /**
   * {@code mail} (GreenMail's received messages) is null outside embedded mode or when not bound to
   * loopback.
   */
  public DevMail(Supplier<MimeMessage[]> mail) {
    this.mail = mail;
  }

  public void json(Exchange exchange) {
    write(exchange, "application/json", Json.write(messages()));
  }

  public void html(Exchange exchange) {
    StringBuilder page = new StringBuilder();
    page.append("<!doctype html><html><head><meta charset=\"utf-8\"><title>Reelroute dev mail")
        .append("</title><style>body{font-family:sans-serif;max-width:50em;margin:2em auto}")
        .append("article{border:1px solid #ccc;padding:1em;margin:1em 0}pre{white-space:")
        .append("pre-wrap}</style></head><body><h1>Mail captured by the embedded stack</h1>")
        .append("<p>Development only: this page exists only with reelroute.stack=embedded.</p>");
    List<Map<String, Object>> messages = messages();
    if (messages.isEmpty()) {
      page.append("<p>No messages yet.</p>");
    }
    for (Map<String, Object> m : messages) {
      page.append("<article><h2>")
          .append(escape((String) m.get("subject")))
          .append("</h2><p>To: ")
          .append(escape(String.join(", ", castList(m.get("to")))))
          .append(" &middot; ")
          .append(escape(String.valueOf(m.get("sentAt"))))
          .append("</p><pre>")
          .append(escape((String) m.get("text")))
          .append("</pre></article>");
    }
    page.append("</body></html>");
    write(exchange, "text/html; charset=utf-8", page.toString());
  }

  List<Map<String, Object>> messages() {
    if (mail == null) {
      throw ApiException.notFound("The development mail box exists only on the embedded stack");
    }
    MimeMessage[] received = mail.get();
    List<Map<String, Object>> out = new ArrayList<>();
    for (int i = received.length - 1; i >= 0 && out.size() < LIMIT; i--) {
      MimeMessage message = received[i];
      try {
        Map<String, Object> m = new LinkedHashMap<>();
        List<String> to = new ArrayList<>();
        Address[] recipients = message.getAllRecipients();
        if (recipients != null) {
          for (Address a : recipients) {
            to.add(a.toString());
          }
        }
        m.put("to", to);
        m.put("subject", message.getSubject());
        Date sent = message.getSentDate();
        m.put("sentAt", sent == null ? null : sent.toInstant().toString());
        m.put("text", body(message).strip());
        out.add(m);
      } catch (MessagingException | IOException e) {
        // skip a message we cannot read
      }
    }
    return out;
  }

  /** The raw body after the headers, as GreenMailUtil.getBody gives it. */
  private static String body(MimeMessage message) throws IOException, MessagingException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    message.writeTo(bytes);
    String all = bytes.toString(StandardCharsets.US_ASCII);
    int end = all.indexOf("\r\n\r\n");
    return end < 0 ? "" : all.substring(end + 4);
  }

  @SuppressWarnings("unchecked")
  private static List<String> castList(Object value) {
    return (List<String>) value;
  }

  private static String escape(String s) {
    if (s == null) {
      return "";
    }
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;")
        .replace("'", "&#39;");
  }

  private static void write(Exchange exchange, String type, String body) {
    Message m = exchange.getMessage();
    m.removeHeaders("*");
    m.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
    m.setHeader(Exchange.CONTENT_TYPE, type);
    m.setHeader("Cache-Control", "no-store");
    m.setBody(body);
  }
}
