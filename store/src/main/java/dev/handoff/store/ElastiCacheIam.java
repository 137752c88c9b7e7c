package dev.handoff.store;

/**
 * IAM authentication to Amazon ElastiCache (Redis OSS 7+ or Valkey): each connection
 * authenticates as the IAM-enabled user {@code userId} with a token signed by AWS SigV4 (the AWS
 * SDK for Java 2.x's signer) with the credentials of the SDK's default chain (environment, system
 * properties, profile, container, instance). A token opens connections for 15 minutes; every 10
 * minutes a new one is signed and every live connection sends it (AUTH), which also extends
 * ElastiCache's 12-hour limit on an IAM connection, so connections are neither dropped nor
 * reopened for it.
 *
 * <p>A value: two stores with equal settings share one client. Needs the SDK's {@code auth} and
 * {@code http-auth-aws} jars (the drop-in jars carry them); see {@link #requireSdk()}.
 *
 * @param userId the ElastiCache user id (an IAM-enabled user's id and name are the same)
 * @param cacheName the replication group id, or the serverless cache's name
 * @param serverless whether {@code cacheName} names a serverless cache
 * @param region the cache's AWS region; null: the SDK's default region chain
 */
public record ElastiCacheIam(String userId, String cacheName, boolean serverless, String region) {

  /** The class of the SDK's SigV4 signer: present when the SDK's jars are. */
  private static final String SIGNER = "software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner";

  /**
   * Checks that the AWS SDK's signer and credentials chain can be loaded.
   *
   * @throws IllegalArgumentException naming the jars to add
   */
  static void requireSdk() {
    try {
      Class.forName(SIGNER, false, ElastiCacheIam.class.getClassLoader());
      Class.forName("software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider", false,
          ElastiCacheIam.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      throw new IllegalArgumentException("iamCache is set, but the AWS SDK for Java 2.x is not on the class path:"
          + " add software.amazon.awssdk:auth and software.amazon.awssdk:http-auth-aws (2.59 or later; the drop-in"
          + " jars carry them)");
    }
  }
}
