package dev.handoff.benchmarks;

import java.util.List;

/** How the load's requests pick their sessions. */
enum LoadPattern {
  /** Each worker serves its own share of the users, one request after the other: a session's requests never overlap. */
  SEQUENTIAL("sequential", "each session's requests one at a time"),
  /**
   * Each request picks a user at random among all of them: requests of one session overlap, as a
   * browser's parallel requests do.
   */
  OVERLAPPING("overlapping", "each request picks a session at random: a session's requests overlap");

  final String id;
  final String description;

  LoadPattern(String id, String description) {
    this.id = id;
    this.description = description;
  }

  static LoadPattern byId(String id) {
    for (LoadPattern pattern : values()) {
      if (pattern.id.equals(id)) {
        return pattern;
      }
    }
    throw new IllegalArgumentException("unknown load pattern " + id + "; one of " + List.of(values()).stream()
        .map(p -> p.id).toList());
  }
}
