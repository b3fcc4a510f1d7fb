package io.reelroute.config;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Checks a port before a server binds it, so "in use" is one line naming the setting. */
public final class PortCheck {

  private PortCheck() {}

  /**
   * Throws a {@link SettingsException} for {@code key} when host:port cannot be bound; 0 passes.
   */
  public static void requireFree(String key, String host, int port) {
    if (port == 0) {
      return;
    }
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new java.net.InetSocketAddress(InetAddress.getByName(host), port));
    } catch (IOException e) {
      throw new SettingsException(
          key, host + ":" + port + " is already in use (another Reelroute, or set another port)");
    }
  }
}
