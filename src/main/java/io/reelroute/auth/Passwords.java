package io.reelroute.auth;

import com.password4j.Argon2Function;
import com.password4j.types.Argon2;
import io.reelroute.common.ApiException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Semaphore;

/**
 * Password policy and hashing. Hashes are argon2id (password4j) with measured parameters (see
 * bench/README.md); the policy is NIST SP 800-63B style: 8 to 128 characters, no composition rules,
 * and not one of the most common passwords.
 *
 * <p>The common-password list is {@code passwords.txt} of zxcvbn4j ({@code com.nulab-inc:zxcvbn} on
 * Maven Central, MIT licence, maintained by Nulab): the 30,000 most frequent passwords of zxcvbn's
 * leaked-password corpus, most frequent first. Only entries of 8 or more characters matter (shorter
 * ones fail the length rule anyway); they are compared case-insensitively.
 */
public final class Passwords {

  public static final int MIN_LENGTH = 8;
  public static final int MAX_LENGTH = 128;
  static final String COMMON_LIST = "/com/nulabinc/zxcvbn/matchers/dictionaries/passwords.txt";

  private static final Set<String> COMMON = loadCommon();

  private final Argon2Function argon2;
  // Each argon2 hash holds memory-kib of RAM: bound how many run at once.
  private final Semaphore slots;
  private final String dummyHash;

  public Passwords(int memoryKib, int iterations, int parallelism) {
    this.argon2 = Argon2Function.getInstance(memoryKib, iterations, parallelism, 32, Argon2.ID);
    this.slots = new Semaphore(Math.max(2, Runtime.getRuntime().availableProcessors() * 2), true);
    this.dummyHash = hash("reelroute-dummy-password-for-timing");
  }

  /** Throws a 400 naming the field when the password breaks the policy. */
  public static void checkPolicy(String password) {
    checkPolicy(password, "password");
  }

  /** The same, for a password sent in the request field {@code field}. */
  public static void checkPolicy(String password, String field) {
    if (password == null) {
      throw ApiException.invalidField(field, "A password is required");
    }
    int length = password.codePointCount(0, password.length());
    if (length < MIN_LENGTH || length > MAX_LENGTH) {
      throw ApiException.invalidField(
          field, "The password must be " + MIN_LENGTH + " to " + MAX_LENGTH + " characters long");
    }
    if (isCommon(password)) {
      throw new ApiException(
          400,
          "weak-password",
          "This password is one of the most common ones; choose another",
          field,
          null);
    }
  }

  public static boolean isCommon(String password) {
    return COMMON.contains(password.toLowerCase(Locale.ROOT));
  }

  static int commonCount() {
    return COMMON.size();
  }

  public String hash(String password) {
    return limited(() -> argon2.hash(password).getResult());
  }

  /** Checks a password against a stored hash (argon2id, or any format password4j reads). */
  public boolean verify(String password, String storedHash) {
    if (storedHash == null || !storedHash.startsWith("$argon2")) {
      // unknown user or an account without a password: spend the same time, then refuse
      limited(() -> argon2.check(password, dummyHash));
      return false;
    }
    return limited(
        () -> Argon2Function.getInstanceFromHash(storedHash).check(password, storedHash));
  }

  /** Whether a stored hash was made with other parameters than the current ones. */
  public boolean needsRehash(String storedHash) {
    try {
      return !Argon2Function.getInstanceFromHash(storedHash).equals(argon2);
    } catch (RuntimeException e) {
      return true;
    }
  }

  public Argon2Function function() {
    return argon2;
  }

  private <T> T limited(java.util.function.Supplier<T> work) {
    try {
      slots.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting to hash", e);
    }
    try {
      return work.get();
    } finally {
      slots.release();
    }
  }

  private static Set<String> loadCommon() {
    Set<String> common = new HashSet<>();
    try (InputStream in = Passwords.class.getResourceAsStream(COMMON_LIST)) {
      if (in == null) {
        throw new IllegalStateException("common password list " + COMMON_LIST + " is missing");
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line; (line = reader.readLine()) != null; ) {
        String entry = line.strip().toLowerCase(Locale.ROOT);
        if (entry.length() >= MIN_LENGTH) {
          common.add(entry);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Set.copyOf(common);
  }
}
