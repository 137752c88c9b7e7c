package dev.handoff.testkit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4 for a presigned GET (query-string authentication, only the host
 * header signed), written from AWS's specification with no AWS code, so that tests can check what
 * the AWS SDK signs and verify tokens the way ElastiCache does.
 */
public final class SigV4 {

  /** SHA-256 of an empty payload: what a GET without a body signs. */
  public static final String EMPTY_PAYLOAD = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
  /** What a presigned S3 URL signs instead of a payload hash. */
  public static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private SigV4() {
  }

  /** {@code X-Amz-Date}'s form of an instant. */
  public static String stamp(Instant at) {
    return STAMP.format(at);
  }

  /** The instant of an {@code X-Amz-Date}. */
  public static Instant parseStamp(String stamp) {
    return STAMP.parse(stamp, Instant::from);
  }

  /**
   * Adds SigV4's parameters to {@code query} (credential, date, expiry, signed headers and, for
   * session credentials, the security token) and returns the signature; the caller adds it as
   * {@code X-Amz-Signature}.
   */
  public static String presign(String host, String path, Map<String, String> query, String accessKey,
      String secretKey, String sessionToken, String region, String service, Instant at, long expiresSeconds,
      String payloadHash) {
    query.put("X-Amz-Algorithm", "AWS4-HMAC-SHA256");
    query.put("X-Amz-Credential", accessKey + "/" + stamp(at).substring(0, 8) + "/" + region + "/" + service + "/aws4_request");
    query.put("X-Amz-Date", stamp(at));
    query.put("X-Amz-Expires", Long.toString(expiresSeconds));
    query.put("X-Amz-SignedHeaders", "host");
    if (sessionToken != null) {
      query.put("X-Amz-Security-Token", sessionToken);
    }
    return signature(host, path, query, secretKey, region, service, at, payloadHash);
  }

  /** The signature of a presigned GET whose query (every parameter but the signature) is given. */
  public static String signature(String host, String path, Map<String, String> query, String secretKey, String region,
      String service, Instant at, String payloadHash) {
    String stamp = stamp(at);
    String day = stamp.substring(0, 8);
    String scope = day + "/" + region + "/" + service + "/aws4_request";
    Map<String, String> encoded = new TreeMap<>();
    query.forEach((k, v) -> encoded.put(encode(k), encode(v)));
    StringBuilder canonicalQuery = new StringBuilder();
    encoded.forEach((k, v) -> canonicalQuery.append(canonicalQuery.length() == 0 ? "" : "&").append(k).append('=').append(v));
    String canonicalRequest = "GET\n" + path + "\n" + canonicalQuery + "\nhost:" + host + "\n\nhost\n" + payloadHash;
    String toSign = "AWS4-HMAC-SHA256\n" + stamp + "\n" + scope + "\n" + hex(sha256(canonicalRequest));
    byte[] key = hmac(("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8), day);
    key = hmac(key, region);
    key = hmac(key, service);
    key = hmac(key, "aws4_request");
    return hex(hmac(key, toSign));
  }

  /** SigV4's URI encoding: every byte but the unreserved characters, as %XY in capitals. */
  static String encode(String text) {
    StringBuilder out = new StringBuilder();
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
          || c == '.' || c == '~') {
        out.append(c);
      } else {
        out.append('%').append(String.format("%02X", b & 0xff));
      }
    }
    return out.toString();
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
