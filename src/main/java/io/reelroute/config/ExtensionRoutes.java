package io.reelroute.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.RouteConfigurationsBuilder;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Extension routes: every {@code *.camel.yaml} in the directory of {@value #SETTING}, loaded one
 * file at a time after the built-in flows have started, so that a file that fails names itself. A
 * missing directory or a file that does not load is a {@link SettingsException}: exit code 2 and
 * one line naming the file and the error.
 */
public final class ExtensionRoutes {

  public static final String SETTING = "reelroute.routes.extra-dir";

  private static final Logger LOG = LoggerFactory.getLogger(ExtensionRoutes.class);

  private ExtensionRoutes() {}

  /**
   * The extension route files, in name order; none when the setting is empty. Checked before
   * anything starts: a directory that is not there stops the start at once.
   */
  public static List<Path> files(Settings settings) {
    if (!settings.isSet(SETTING)) {
      return List.of();
    }
    Path dir = settings.path(SETTING);
    if (!Files.isDirectory(dir)) {
      throw new SettingsException(SETTING, "'" + dir + "' is not a directory");
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries
          .filter(f -> f.getFileName().toString().endsWith(".camel.yaml"))
          .filter(Files::isRegularFile)
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new SettingsException(SETTING, "cannot list '" + dir + "': " + e.getMessage());
    }
  }

  /** Loads and starts the routes of each file in turn (the context has started already). */
  public static void load(CamelContext context, List<Path> files) {
    for (Path file : files) {
      int before = context.getRoutes().size();
      try {
        loadFile(context, file);
      } catch (SettingsException e) {
        throw e;
      } catch (Exception e) {
        throw new SettingsException(SETTING, file + " does not load: " + problem(e));
      }
      LOG.info(
          "Extension routes of {} loaded: {} route(s)", file, context.getRoutes().size() - before);
    }
  }

  /**
   * What {@code RoutesLoader.loadRoutes} does, plus a check that Camel leaves out: a route id that
   * is taken already (by a built-in flow or an earlier file) would silently replace that route.
   */
  private static void loadFile(CamelContext context, Path file) throws Exception {
    Resource resource = ResourceHelper.resolveMandatoryResource(context, "file:" + file);
    Collection<RoutesBuilder> builders =
        PluginHelper.getRoutesLoader(context).findRoutesBuilders(resource);
    Set<String> ids = new HashSet<>();
    for (RoutesBuilder builder : builders) {
      if (builder instanceof RouteBuilder routes) {
        for (RouteDefinition route : routes.configureRoutes(context).getRoutes()) {
          String id = route.getRouteId();
          if (id != null && (context.getRoute(id) != null || !ids.add(id))) {
            throw new SettingsException(
                SETTING, file + " does not load: route id '" + id + "' is taken already");
          }
        }
      }
    }
    for (RoutesBuilder builder : builders) {
      if (builder instanceof RouteConfigurationsBuilder configurations) {
        context.addRoutesConfigurations(configurations);
      }
    }
    for (RoutesBuilder builder : builders) {
      context.addRoutes(builder);
    }
    for (RoutesBuilder builder : builders) {
      context.addTemplatedRoutes(builder);
    }
  }

  /** The error in one line: the root cause's message, which is where Camel names the problem. */
  static String problem(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage() == null ? "" : root.getMessage();
    // a YAML parser error spans lines (what, where, a quote of the line, a caret): keep it one
    String line =
        message
            .lines()
            .map(String::strip)
            .filter(l -> !l.isEmpty() && !l.matches("\\^+"))
            .collect(Collectors.joining("; "));
    if (line.length() > 400) {
      line = line.substring(0, 400) + "...";
    }
    return root.getClass().getSimpleName() + (line.isEmpty() ? "" : ": " + line);
  }
}
