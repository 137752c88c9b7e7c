package dev.handoff.store;

/**
 * Supplies the user name and password (or token) for each new Redis connection, for credentials
 * that rotate, such as ElastiCache IAM authentication tokens (valid 15 minutes).
 */
@FunctionalInterface
public interface CredentialsProvider {

  /** The credentials to use now. Without {@link #renewEvery()}, called on the client's I/O threads: must not block for long. */
  Credentials credentials();

  /**
   * How often every live connection authenticates again with fresh credentials (AUTH): for
   * credentials that expire while connections stay open. Null (the default): credentials are asked
   * for at each new connection only, on the client's I/O threads. With a period, they are asked for
   * on a thread of Handoff's every period (asking may block), and new connections take the latest.
   */
  default java.time.Duration renewEvery() {
    return null;
  }

  /**
   * A user name (null for password-only AUTH) and password or token.
   *
   * @param username ACL user name, or null
   * @param password password or token
   */
  record Credentials(String username, String password) {
    @Override
    public String toString() {
      return "Credentials[username=" + username + ", password=****]";
    }
  }
}
