package io.reelroute;

import io.reelroute.config.SettingsException;
import java.util.Map;

/** Entry point: {@code java -jar reelroute.jar}; settings come from the environment. */
public final class Application {

  private Application() {}

  public static void main(String[] args) {
    Reelroute app;
    try {
      app = Reelroute.start(io.reelroute.config.Settings.load(Map.of()));
    } catch (SettingsException e) {
      // One line naming the setting; the operator needs nothing else.
      System.err.println("reelroute: configuration error: " + e.getMessage());
      System.exit(2);
      return;
    } catch (RuntimeException e) {
      System.err.println("reelroute: failed to start: " + Reelroute.oneLine(e));
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(app::close, "reelroute-shutdown"));
    app.awaitStop();
  }
}
