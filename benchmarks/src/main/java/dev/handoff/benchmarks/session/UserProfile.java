package dev.handoff.benchmarks.session;

import java.io.Serializable;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/** The signed-in user, as an application would keep it under the attribute {@code user}. */
public class UserProfile implements Serializable {

  private static final long serialVersionUID = 1L;

  long userId;
  String username;
  String firstName;
  String lastName;
  String email;
  Set<Role> roles;
  Locale locale;
  Instant createdAt;
  Instant lastLoginAt;
  boolean emailVerified;

  public UserProfile(long userId, String username, String firstName, String lastName,
      String email, Set<Role> roles, Locale locale, Instant createdAt, Instant lastLoginAt,
      boolean emailVerified) {
    this.userId = userId;
    this.username = username;
    this.firstName = firstName;
    this.lastName = lastName;
    this.email = email;
    this.roles = roles;
    this.locale = locale;
    this.createdAt = createdAt;
    this.lastLoginAt = lastLoginAt;
    this.emailVerified = emailVerified;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof UserProfile p && userId == p.userId && emailVerified == p.emailVerified
        && Objects.equals(username, p.username) && Objects.equals(firstName, p.firstName)
        && Objects.equals(lastName, p.lastName) && Objects.equals(email, p.email)
        && Objects.equals(roles, p.roles) && Objects.equals(locale, p.locale)
        && Objects.equals(createdAt, p.createdAt) && Objects.equals(lastLoginAt, p.lastLoginAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(userId, username, email);
  }

  @Override
  public String toString() {
    return "UserProfile[" + userId + ", " + username + ", roles=" + roles + "]";
  }
}
