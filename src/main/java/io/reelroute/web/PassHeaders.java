package io.reelroute.web;

import org.apache.camel.support.DefaultHeaderFilterStrategy;

/**
 * A header filter for the routes that write their own caching headers: Camel's HTTP default drops
 * {@code Cache-Control} from responses. Camel's internal headers are still kept out.
 */
public final class PassHeaders extends DefaultHeaderFilterStrategy {

  public PassHeaders() {
    setOutFilterStartsWith(CAMEL_FILTER_STARTS_WITH);
    setInFilterStartsWith(CAMEL_FILTER_STARTS_WITH);
    setLowerCase(true);
  }
}
