package dev.handoff.demo;

import dev.handoff.testkit.Redis;
import dev.handoff.testkit.StandaloneRedis;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * The server the demo's nodes keep their sessions in: the Redis named by {@code REDIS_URL}
 * ({@code redis://[user:password@]host:port} or {@code rediss://...}), or else a throwaway
 * local {@code redis-server} on a free port, or with {@code --engine memcached} a throwaway local
 * {@code memcached}; a throwaway server is stopped by {@link #close()}.
 */
final class RedisTarget implements AutoCloseable {

  private final String scheme;
  private final String host;
  private final int port;
  private final String username;
  private final String password;
  private final AutoCloseable started;

  private RedisTarget(String scheme, String host, int port, String username, String password,
      AutoCloseable started) {
    this.scheme = scheme;
    this.host = host;
    this.port = port;
    this.username = username;
    this.password = password;
    this.started = started;
  }

  /** {@code redisUrl} when it is set (not blank), else a new local server. */
  static RedisTarget of(String redisUrl) {
    if (redisUrl == null || redisUrl.isBlank()) {
      StandaloneRedis redis = Redis.standalone().name("demo").start();
      return new RedisTarget("redis", redis.node().host(), redis.port(), null, null, redis);
    }
    return parse(redisUrl.strip());
  }

  /** A new local memcached. */
  static RedisTarget memcached() {
    dev.handoff.testkit.MemcachedServer server = dev.handoff.testkit.MemcachedServer.start("demo");
    return new RedisTarget("memcached", server.host(), server.port(), null, null, server);
  }

  static RedisTarget parse(String redisUrl) {
    URI uri;
    try {
      uri = URI.create(redisUrl);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("REDIS_URL = " + masked(redisUrl) + ": not a URL ("
          + e.getMessage() + "); use redis://host:port or rediss://user:password@host:port", e);
    }
    String scheme = uri.getScheme();
    if (!"redis".equals(scheme) && !"rediss".equals(scheme) || uri.getHost() == null) {
      throw new IllegalArgumentException("REDIS_URL = " + masked(redisUrl)
          + ": use redis://host:port or rediss://user:password@host:port");
    }
    String username = null;
    String password = null;
    if (uri.getRawUserInfo() != null) {
      String[] parts = uri.getRawUserInfo().split(":", 2);
      if (parts.length == 2) {
        username = parts[0].isEmpty() ? null : decode(parts[0]);
        password = decode(parts[1]);
      } else {
        password = decode(parts[0]); // redis://token@host: an AUTH token alone
      }
    }
    return new RedisTarget(scheme, uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort(),
        username, password, null);
  }

  String host() {
    return host;
  }

  int port() {
    return port;
  }

  boolean tls() {
    return scheme.equals("rediss");
  }

  /** {@code redis}, {@code rediss} or {@code memcached}. */
  String scheme() {
    return scheme;
  }

  String username() {
    return username;
  }

  String password() {
    return password;
  }

  /** True when the demo started this server (and stops it). */
  boolean throwaway() {
    return started != null;
  }

  /** The address as printed: no password, ever. */
  String describe() {
    String user = username == null ? (password == null ? "" : "***@") : username + ":***@";
    return scheme + "://" + user + host + ":" + port
        + (throwaway() ? " (a throwaway " + (scheme.equals("memcached") ? "memcached" : "redis-server")
            + " started by the demo)" : " (from REDIS_URL)");
  }

  @Override
  public void close() {
    if (started != null) {
      try {
        started.close();
      } catch (Exception e) {
        throw new IllegalStateException("cannot stop the demo's " + scheme + " server", e);
      }
    }
  }

  private static String decode(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }

  private static String masked(String url) {
    return url.replaceAll("//[^@/]*@", "//***@");
  }
}
