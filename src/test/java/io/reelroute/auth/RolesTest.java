package io.reelroute.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reelroute.video.Visibility;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Issue 15's role rules and the hidden-video rule, as pure logic. */
class RolesTest {

  @Test
  void adminListIsCommaSeparatedCaseInsensitiveAndIgnoresBlanks() {
    assertEquals(
        Set.of("admin@example.test", "b@example.test"),
        Roles.parseAdminEmails(" Admin@Example.test, ,b@example.test,"));
    assertEquals(Set.of(), Roles.parseAdminEmails(""));
    assertEquals(Set.of(), Roles.parseAdminEmails(null));
  }

  @Test
  void listedAddressIsAdminWhateverTheStoredRole() {
    Set<String> list = Set.of("admin@example.test");
    assertEquals("admin", Roles.effective("user", "ADMIN@example.test", list));
    assertEquals("moderator", Roles.effective("moderator", "mod@example.test", list));
    assertEquals("admin", Roles.effective("admin", "first@example.test", Set.of()));
    assertEquals("user", Roles.effective(null, "x@example.test", list));
  }

  @Test
  void callerRoles() {
    assertTrue(new Caller(1, "a", "A", "admin").moderator());
    assertTrue(new Caller(1, "a", "A", "admin").admin());
    assertTrue(new Caller(1, "a", "A", "moderator").moderator());
    assertFalse(new Caller(1, "a", "A", "moderator").admin());
    assertFalse(new Caller(1, "a", "A").moderator());
  }

  @Test
  void hiddenVideosAreTheOwnersAlone() {
    assertTrue(Visibility.visibleTo("PUBLIC", 7, null, false));
    assertFalse(Visibility.visibleTo("PUBLIC", 7, null, true));
    assertFalse(Visibility.visibleTo("UNLISTED", 7, 8L, true));
    assertTrue(Visibility.visibleTo("PUBLIC", 7, 7L, true));
    assertFalse(Visibility.visibleTo("PRIVATE", 7, 8L, false));
    assertTrue(Visibility.LISTED.contains(Visibility.HIDDEN_OWNER_JOINED));
  }

  @Test
  void reviewersOpenTakenDownVideosOnly() {
    // a moderator or admin: a taken-down video, whatever its visibility
    assertTrue(Visibility.visibleTo("PUBLIC", 7, 8L, true, true, true));
    assertTrue(Visibility.visibleTo("PRIVATE", 7, 8L, true, true, true));
    // not a video hidden only because its owner is disabled, nor another user's private one
    assertFalse(Visibility.visibleTo("PUBLIC", 7, 8L, true, false, true));
    assertFalse(Visibility.visibleTo("PRIVATE", 7, 8L, false, false, true));
    // everyone else: as before
    assertFalse(Visibility.visibleTo("PUBLIC", 7, 8L, true, true, false));
    assertFalse(Visibility.visibleTo("PUBLIC", 7, null, true, true, false));
    assertTrue(Visibility.visibleTo("PUBLIC", 7, 7L, true, true, false));
    assertTrue(Visibility.visibleTo("PUBLIC", 7, null, false, false, false));
    assertFalse(Visibility.reviewable(true, false));
    assertFalse(Visibility.reviewable(false, true));
  }
}
