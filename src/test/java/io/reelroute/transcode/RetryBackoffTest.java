package io.reelroute.transcode;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

class RetryBackoffTest {

  @Test
  void eachReceiveWaitsTwiceAsLongUpToTwelveHours() {
    assertEquals(120, TranscodeRetries.backoffSeconds(120, 1));
    assertEquals(240, TranscodeRetries.backoffSeconds(120, 2));
    assertEquals(480, TranscodeRetries.backoffSeconds(120, 3));
    assertEquals(20, TranscodeRetries.backoffSeconds(20, 0));
    assertEquals(43_200, TranscodeRetries.backoffSeconds(120, 12));
    assertEquals(43_200, TranscodeRetries.backoffSeconds(120, 1_000));
  }

  @Test
  void theReceiveCountComesFromTheMessageAttributes() {
    Exchange exchange = new DefaultExchange(new DefaultCamelContext());
    assertEquals(
        1, TranscodeRetries.receiveCount(exchange.getMessage().getHeader("CamelAwsSqsAttributes")));
    exchange
        .getMessage()
        .setHeader(
            "CamelAwsSqsAttributes",
            Map.of(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "3"));
    assertEquals(
        3, TranscodeRetries.receiveCount(exchange.getMessage().getHeader("CamelAwsSqsAttributes")));
    exchange
        .getMessage()
        .setHeader(
            "CamelAwsSqsAttributes",
            Map.of(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "x"));
    assertEquals(
        1, TranscodeRetries.receiveCount(exchange.getMessage().getHeader("CamelAwsSqsAttributes")));
  }
}
