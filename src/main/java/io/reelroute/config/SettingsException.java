package io.reelroute.config;

/** A setting that is missing or wrong; its message is the one line an operator needs. */
public class SettingsException extends RuntimeException {

  private final String key;

  public SettingsException(String key, String problem) {
    super(key + " " + problem);
    this.key = key;
  }

  public String key() {
    return key;
  }
}
