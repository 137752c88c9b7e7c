package dev.handoff.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/**
 * ElastiCache IAM authentication tokens for one {@link ElastiCacheIam}: a GET of
 * {@code http://<cache>/?Action=connect&User=<user>} (with {@code ResourceType=ServerlessCache}
 * for a serverless cache) presigned with SigV4 for the service {@code elasticache}, valid 15
 * minutes, without its {@code http://}. The only class that touches the AWS SDK.
 */
final class IamTokens implements CredentialsProvider {

  /** How long a token opens connections (ElastiCache's limit). */
  static final Duration VALIDITY = Duration.ofMinutes(15);
  /** How often live connections authenticate again: well inside the token's validity. */
  static final Duration RENEWAL = Duration.ofMinutes(10);

  private final ElastiCacheIam iam;
  private final AwsCredentialsProvider credentials;
  private final Supplier<Instant> clock;
  private final Duration renewEvery;
  private volatile String region;

  IamTokens(ElastiCacheIam iam, AwsCredentialsProvider credentials, Supplier<Instant> clock, Duration renewEvery) {
    this.iam = iam;
    this.credentials = credentials;
    this.clock = clock;
    this.renewEvery = renewEvery;
    this.region = iam.region();
  }

  /** Tokens signed with the credentials of the AWS SDK's default chain, renewed every {@link #RENEWAL}. */
  static IamTokens withDefaultChain(ElastiCacheIam iam) {
    return new IamTokens(iam, DefaultCredentialsProvider.builder().build(), Instant::now, RENEWAL);
  }

  /**
   * A new token for the user, signed now. May block while the credentials chain asks the
   * instance or container for credentials (the caller runs it off Redisson's I/O threads).
   *
   * @throws IllegalStateException when the chain finds no credentials or no region
   */
  @Override
  public Credentials credentials() {
    AwsCredentialsIdentity identity;
    try {
      identity = credentials.resolveCredentials();
    } catch (RuntimeException e) {
      throw new IllegalStateException("iamCache " + iam.cacheName() + ": the AWS SDK's default credentials chain found"
          + " no credentials (environment, system properties, profile, container, instance): " + rootMessage(e), e);
    }
    return new Credentials(iam.userId(), token(identity, clock.get()));
  }

  @Override
  public Duration renewEvery() {
    return renewEvery;
  }

  /** The token for the user, signed with {@code identity} at {@code at}. */
  String token(AwsCredentialsIdentity identity, Instant at) {
    SdkHttpRequest.Builder request = SdkHttpRequest.builder().method(SdkHttpMethod.GET).protocol("http")
        .host(iam.cacheName()).encodedPath("/")
        .appendRawQueryParameter("Action", "connect")
        .appendRawQueryParameter("User", iam.userId());
    if (iam.serverless()) {
      request.appendRawQueryParameter("ResourceType", "ServerlessCache");
    }
    String signed = AwsV4HttpSigner.create().sign(r -> r.identity(identity).request(request.build())
        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "elasticache")
        .putProperty(AwsV4HttpSigner.REGION_NAME, region())
        .putProperty(AwsV4HttpSigner.AUTH_LOCATION, AwsV4HttpSigner.AuthLocation.QUERY_STRING)
        .putProperty(AwsV4HttpSigner.EXPIRATION_DURATION, VALIDITY)
        .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(at, ZoneOffset.UTC)))
        .request().getUri().toString();
    return signed.substring("http://".length());
  }

  private String region() {
    String known = region;
    if (known == null) {
      try {
        known = new DefaultAwsRegionProviderChain().getRegion().id();
      } catch (SdkClientException e) {
        throw new IllegalStateException("iamCache " + iam.cacheName() + ": iamRegion is not set and the AWS SDK found"
            + " no region (AWS_REGION, the profile, the instance's): set iamRegion", e);
      }
      region = known;
    }
    return known;
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage();
  }

  @Override
  public String toString() {
    return "IAM tokens for user " + iam.userId() + " of " + (iam.serverless() ? "serverless cache " : "replication group ")
        + iam.cacheName() + " in " + (iam.region() == null ? "the SDK's default region" : iam.region());
  }
}
