package io.reelroute.social;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reelroute.auth.Handles;
import io.reelroute.common.ApiException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** Pure rules of the social flow: handles, comment bodies, cursors, reaction values. */
class SocialUnitTest {

  @Test
  void handlesAreAsciiSlugsOfTheDisplayName() {
    assertEquals("zoe-o-brien", Handles.slug("Zoë O'Brien"));
    assertEquals("test-user", Handles.slug("  Test   User  "));
    assertEquals("user", Handles.slug("東京"));
    assertEquals("user", Handles.slug(""));
    assertEquals("user", Handles.slug(null));
    assertEquals("a-b", Handles.slug("--a--b--"));
    String longName = Handles.slug("x".repeat(27) + " yyyyy");
    assertTrue(longName.length() <= 28 && !longName.endsWith("-"), longName);
    assertTrue(Handles.isValid("zoe-o-brien-42"));
    assertFalse(Handles.isValid("-bad"));
    assertFalse(Handles.isValid("bad-"));
    assertFalse(Handles.isValid("a b"));
    assertFalse(Handles.isValid("x".repeat(41)));
    assertFalse(Handles.isValid("Upper"));
  }

  @Test
  void commentBodiesArePlainTextOfOneTo2000Characters() {
    assertEquals("hi", CommentRules.body("  hi \n"));
    assertEquals("a\nb", CommentRules.body("a\r\nb"));
    assertEquals(
        "<b>x</b>", CommentRules.body("<b>x</b>")); // kept as text; clients show it as text
    String emoji = "😀".repeat(2000);
    assertEquals(emoji, CommentRules.body(emoji));
    assertField("body", () -> CommentRules.body("😀".repeat(2001)));
    assertField("body", () -> CommentRules.body("   "));
    assertField("body", () -> CommentRules.body(null));
    assertField("body", () -> CommentRules.body("a\u0000b"));
    assertField("body", () -> CommentRules.body("a\u001b[31m"));
    assertField("body", () -> CommentRules.body("broken \ud800 surrogate"));
  }

  @Test
  void cursorsRoundTripAndRefuseForgeries() {
    assertArrayEquals(
        new long[] {3, 99}, CommentRules.decode(CommentRules.encode("t", 3, 99), "t", 2));
    assertArrayEquals(new long[] {7}, CommentRules.decode(CommentRules.encode("n", 7), "n", 1));
    assertNull(CommentRules.decode(null, "n", 1));
    assertField("cursor", () -> CommentRules.decode(CommentRules.encode("n", 7), "t", 2));
    assertField("cursor", () -> CommentRules.decode("bm46LTE", "n", 1)); // n:-1
    assertField("cursor", () -> CommentRules.decode("!!!", "n", 1));
    assertField("cursor", () -> CommentRules.decode("A".repeat(65), "n", 1));
  }

  @Test
  void reactionsAreLikeDislikeOrNone() {
    assertEquals("LIKE", Reactions.parse("like"));
    assertEquals("DISLIKE", Reactions.parse("Dislike"));
    assertNull(Reactions.parse("none"));
    assertField("reaction", () -> Reactions.parse("love"));
    assertField("reaction", () -> Reactions.parse(null));
  }

  @Test
  void deadlocksAreRetried() {
    assertTrue(
        io.reelroute.common.Transactions.retryable(new SQLException("deadlock", "40001", 1213)));
    assertTrue(
        io.reelroute.common.Transactions.retryable(new SQLException("timeout", "HY000", 1205)));
    assertFalse(io.reelroute.common.Transactions.retryable(new SQLException("dup", "23000", 1062)));
  }

  private static void assertField(String field, Runnable call) {
    ApiException e = assertThrows(ApiException.class, call::run);
    assertEquals(400, e.status());
    assertEquals(field, e.field());
  }
}
