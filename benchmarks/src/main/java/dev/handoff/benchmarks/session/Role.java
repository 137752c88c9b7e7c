package dev.handoff.benchmarks.session;

/** What a signed-in user may do; a profile holds a set of them. */
public enum Role {
  CUSTOMER,
  PREMIUM_CUSTOMER,
  SUPPORT_AGENT,
  CATALOG_EDITOR,
  ADMIN
}
