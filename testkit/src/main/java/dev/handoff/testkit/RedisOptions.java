package dev.handoff.testkit;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What every node of a topology shares: TLS, ACL, renamed commands, persistence. Immutable.
 *
 * @param adminPassword password of the {@code default} user when an ACL user is configured
 *     (random per run; the kit authenticates with it), null otherwise
 */
record RedisOptions(String name, TlsMode tls, AclUser aclUser, String adminPassword,
    boolean elastiCacheLike, boolean appendOnly) {

  /** The commands ElastiCache refuses; an ElastiCache-like server renames them away. */
  static final List<String> RESTRICTED_COMMANDS = List.of(
      "CONFIG", "SHUTDOWN", "SAVE", "BGSAVE", "BGREWRITEAOF", "DEBUG", "MIGRATE", "REPLICAOF",
      "SLAVEOF", "SYNC");

  /** Name under which the kit itself still reaches a renamed command (Handoff never knows it). */
  static String hiddenName(String command) {
    return "HANDOFF-TESTKIT-" + command;
  }

  /** Renames in force: original name to the name the server answers to. */
  Map<String, String> renamedCommands() {
    Map<String, String> renamed = new TreeMap<>();
    if (elastiCacheLike) {
      for (String command : RESTRICTED_COMMANDS) {
        renamed.put(command, hiddenName(command));
      }
    }
    return renamed;
  }

  boolean usesTls() {
    return tls != TlsMode.NONE;
  }
}
