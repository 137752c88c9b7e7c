package dev.handoff.testkit;

/**
 * A Redis ACL user limited to the keys (and channels) under one prefix, the way an operator
 * gives an application its own RBAC user on ElastiCache.
 *
 * @param name user name
 * @param password its password
 * @param keyPrefix the only key prefix it may touch, e.g. {@code handoff:}
 */
public record AclUser(String name, String password, String keyPrefix) {

  /** The {@code user} line of redis.conf for this user. */
  String configLine() {
    return "user " + name + " on >" + password + " ~" + keyPrefix + "* &" + keyPrefix + "* +@all -@dangerous";
  }
}
