package io.reelroute.catalog;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The catalog's text rules: the listing's description excerpt and the search expression. */
final class SearchText {

  static final int EXCERPT = 200;
  private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");
  private static final int MAX_WORDS = 8;

  private SearchText() {}

  static String excerpt(String description) {
    if (description == null) {
      return null;
    }
    if (description.codePointCount(0, description.length()) <= EXCERPT) {
      return description;
    }
    return description.substring(0, description.offsetByCodePoints(0, EXCERPT)).stripTrailing()
        + "…";
  }

  /**
   * A MySQL boolean-mode expression that requires every word of the text as a prefix. Operators in
   * the user's text are dropped (only letters and digits make words), so no text can change the
   * query's shape; null when nothing searchable is left.
   */
  static String fullText(String text) {
    Matcher m = WORD.matcher(text);
    StringBuilder match = new StringBuilder();
    int words = 0;
    while (m.find() && words < MAX_WORDS) {
      String word = m.group();
      if (word.length() > 84) {
        word = word.substring(0, 84);
      }
      match.append(match.length() == 0 ? "" : " ").append('+').append(word).append('*');
      words++;
    }
    return words == 0 ? null : match.toString();
  }
}
