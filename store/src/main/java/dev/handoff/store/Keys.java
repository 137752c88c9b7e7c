package dev.handoff.store;

/**
 * The Redis key layout (schema version 2; docs/schema.md). All keys of one session share the
 * hash tag {digest}, so they live in one cluster slot; the expiry index is spread over buckets,
 * each its own slot.
 *
 * <pre>
 * {prefix}:{namespace}:s2:{digest}      hash: one session
 * {prefix}:{namespace}:l2:{digest}      string: the session's lock
 * {prefix}:{namespace}:x2:{ns8-bucket}  sorted set: expiry index bucket (member digest, score expiry ms)
 * {prefix}:{namespace}:m2               string: the data marker (a random epoch; gone when Redis lost its data)
 * {prefix}:{namespace}:u2:{user digest} set: digests of the sessions a user logged in to
 * </pre>
 */
final class Keys {

  private final String base;
  private final String namespace;
  private final String namespaceTag;
  private final int buckets;

  Keys(StoreConfig config) {
    this.namespace = config.namespace();
    this.base = config.keyPrefix() + ":" + sanitize(config.namespace()) + ":";
    this.namespaceTag = SessionIds.keyDigest("", config.namespace()).substring(0, 8);
    this.buckets = config.expiryBuckets();
  }

  String digest(String sessionId) {
    return SessionIds.keyDigest(namespace, sessionId);
  }

  String session(String digest) {
    return base + "s2:{" + digest + "}";
  }

  String lock(String digest) {
    return base + "l2:{" + digest + "}";
  }

  String bucketOf(String digest) {
    return bucket(Math.floorMod(digest.hashCode(), buckets));
  }

  String bucket(int index) {
    return base + "x2:{" + namespaceTag + "-" + index + "}";
  }

  /** The set of the sessions {@code user} logged in to, named by a digest of the user name. */
  String logins(String user) {
    return base + "u2:{" + SessionIds.keyDigest(namespace, "\0user\0" + user) + "}";
  }

  /** The data marker: written once, so that its absence says Redis lost what it held. */
  String marker() {
    return base + "m2";
  }

  int buckets() {
    return buckets;
  }

  /** Everything this store writes starts with this. */
  String base() {
    return base;
  }

  private static String sanitize(String namespace) {
    return namespace.replaceAll("[{}\\s]", "_");
  }
}
