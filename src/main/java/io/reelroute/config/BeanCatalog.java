package io.reelroute.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every bean bound at start, recorded as it is bound: its name, its class and what bound it. It
 * backs docs/beans.md (the beans routes name, where a YAML reader finds them) and its test.
 */
public final class BeanCatalog {

  /** One bound bean: the name routes use, its class, and the capability (or core) that bound it. */
  public record Entry(String name, String type, String boundBy) {}

  private final Map<String, Entry> entries = new LinkedHashMap<>();

  synchronized void record(String name, Object bean, String boundBy) {
    entries.put(name, new Entry(name, typeName(bean.getClass()), boundBy));
  }

  /** In binding order; a name bound twice keeps its last binding. */
  public synchronized List<Entry> entries() {
    return new ArrayList<>(entries.values());
  }

  /** A class name that is the same on every run: lambdas are named by what they implement. */
  static String typeName(Class<?> type) {
    if (java.lang.reflect.Proxy.isProxyClass(type)) {
      return type.getInterfaces()[0].getName() + " (proxy)";
    }
    if (type.isSynthetic() || type.isHidden() || type.isAnonymousClass()) {
      Class<?> what =
          type.getInterfaces().length > 0 ? type.getInterfaces()[0] : type.getSuperclass();
      String where = type.getName().replaceAll("[$/].*", "");
      return what.getName()
          + " ("
          + (type.isAnonymousClass() ? "anonymous" : "lambda")
          + " in "
          + where
          + ")";
    }
    return type.getName();
  }
}
