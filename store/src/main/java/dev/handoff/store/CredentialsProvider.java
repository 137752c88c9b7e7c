package dev.handoff.store;

/**
 * Supplies the user name and password (or token) for each new Redis connection, for credentials
 * that rotate, such as ElastiCache IAM authentication tokens (valid 15 minutes).
 */
@FunctionalInterface
public interface CredentialsProvider {

  /** The credentials to use now. Called on the client's I/O threads: must not block for long. */
  Credentials credentials();

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
