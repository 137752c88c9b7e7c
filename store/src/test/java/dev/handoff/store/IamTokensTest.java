package dev.handoff.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import dev.handoff.testkit.SigV4;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * The ElastiCache IAM token against SigV4 as AWS specifies it. {@link SigV4} is SigV4's
 * query-string signing written from the specification, with no AWS code; it is first checked
 * against the example AWS publishes (a presigned S3 GET, "Authenticating Requests: Using Query
 * Parameters"), then the token Handoff signs with the SDK must carry the same signature.
 */
class IamTokensTest {


  @Test
  void referenceSigner_givesTheSignatureOfAwssPublishedExample() {
    Map<String, String> query = new TreeMap<>();
    String signature = SigV4.presign("examplebucket.s3.amazonaws.com", "/test.txt", query, "AKIAIOSFODNN7EXAMPLE",
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", null, "us-east-1", "s3", Instant.parse("2013-05-24T00:00:00Z"),
        86400, SigV4.UNSIGNED_PAYLOAD);
    assertEquals("aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404", signature);
    assertEquals("AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request", query.get("X-Amz-Credential"));
  }

  @Test
  void token_isTheReplicationGroupsConnectRequest_presignedForFifteenMinutes() {
    Instant at = Instant.parse("2026-12-04T10:15:30Z");
    AwsCredentialsIdentity credentials = AwsBasicCredentials.create("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    IamTokens tokens = tokens(new ElastiCacheIam("shop-app", "shop-sessions", false, "eu-west-1"), credentials, at);

    String token = tokens.credentials().password();
    assertFalse(token.startsWith("http"), token);
    assertTrue(token.startsWith("shop-sessions/?"), token);
    Map<String, String> sent = queryOf(token);
    assertEquals("connect", sent.get("Action"));
    assertEquals("shop-app", sent.get("User"));
    assertFalse(sent.containsKey("ResourceType"));
    assertEquals("900", sent.get("X-Amz-Expires"));
    assertEquals("AKIDEXAMPLE/20261204/eu-west-1/elasticache/aws4_request", sent.get("X-Amz-Credential"));
    assertEquals("shop-app", tokens.credentials().username());

    Map<String, String> expected = new TreeMap<>(Map.of("Action", "connect", "User", "shop-app"));
    String signature = SigV4.presign("shop-sessions", "/", expected, "AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        null, "eu-west-1", "elasticache", at, 900, SigV4.EMPTY_PAYLOAD);
    expected.put("X-Amz-Signature", signature);
    assertEquals(expected, sent);
  }

  @Test
  void token_ofAServerlessCache_withSessionCredentials_signsTheResourceTypeAndTheSecurityToken() {
    Instant at = Instant.parse("2026-12-04T23:59:59Z");
    AwsCredentialsIdentity credentials = AwsSessionCredentials.create("ASIAEXAMPLE", "secret/with+chars", "FwoG/session+token=");
    IamTokens tokens = tokens(new ElastiCacheIam("shop-app", "shop-serverless", true, "us-east-2"), credentials, at);

    Map<String, String> sent = queryOf(tokens.credentials().password());
    assertEquals("ServerlessCache", sent.get("ResourceType"));
    assertEquals("FwoG/session+token=", sent.get("X-Amz-Security-Token"));

    Map<String, String> expected = new TreeMap<>(Map.of("Action", "connect", "User", "shop-app", "ResourceType", "ServerlessCache"));
    String signature = SigV4.presign("shop-serverless", "/", expected, "ASIAEXAMPLE", "secret/with+chars", "FwoG/session+token=",
        "us-east-2", "elasticache", at, 900, SigV4.EMPTY_PAYLOAD);
    expected.put("X-Amz-Signature", signature);
    assertEquals(expected, sent);
  }

  @Test
  void tokens_signedAtAnotherTime_differ_andRenewEveryTenMinutes() {
    AwsCredentialsIdentity credentials = AwsBasicCredentials.create("AKIDEXAMPLE", "secret");
    ElastiCacheIam iam = new ElastiCacheIam("u", "c", false, "eu-west-1");
    IamTokens tokens = tokens(iam, credentials, Instant.parse("2026-12-04T10:00:00Z"));
    assertFalse(tokens.token(credentials, Instant.parse("2026-12-04T10:00:00Z"))
        .equals(tokens.token(credentials, Instant.parse("2026-12-04T10:10:00Z"))));
    assertEquals(Duration.ofMinutes(10), IamTokens.withDefaultChain(iam).renewEvery());
    assertTrue(IamTokens.RENEWAL.compareTo(IamTokens.VALIDITY) < 0);
  }

  /** The default credentials chain is the SDK's: here from the JVM's system properties. */
  @Test
  void defaultChain_takesTheSdksCredentials() {
    System.setProperty("aws.accessKeyId", "AKIDFROMPROPERTIES");
    System.setProperty("aws.secretAccessKey", "secret-from-properties");
    try {
      String token = IamTokens.withDefaultChain(new ElastiCacheIam("u", "c", false, "ap-south-1")).credentials().password();
      assertTrue(queryOf(token).get("X-Amz-Credential").startsWith("AKIDFROMPROPERTIES/"), token);
    } finally {
      System.clearProperty("aws.accessKeyId");
      System.clearProperty("aws.secretAccessKey");
    }
  }

  private static IamTokens tokens(ElastiCacheIam iam, AwsCredentialsIdentity credentials, Instant at) {
    return new IamTokens(iam, StaticCredentialsProvider.create((software.amazon.awssdk.auth.credentials.AwsCredentials) credentials), () -> at, IamTokens.RENEWAL);
  }

  private static Map<String, String> queryOf(String token) {
    Map<String, String> query = new TreeMap<>();
    for (String pair : token.substring(token.indexOf('?') + 1).split("&")) {
      int eq = pair.indexOf('=');
      query.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return query;
  }
}
