package dev.handoff.testkit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** What {@link TomcatNode.Builder} collected, validated and frozen. */
record TomcatNodeSettings(
    Path catalinaHome,
    String name,
    Map<String, Path> wars,
    String managerXml,
    List<Path> libJars,
    List<String> jarsToSkip,
    List<User> users,
    Map<String, String> systemProperties,
    Map<String, String> environment,
    List<String> jvmArguments,
    String readinessPath,
    Duration startTimeout) {

  /** A user of {@code conf/tomcat-users.xml}. */
  record User(String name, String password, List<String> roles) {
  }

  /** The users every Handoff test, the demo and the benchmarks define (test-webapp's README). */
  static final List<User> DEFAULT_USERS = List.of(
      new User("alice", "secret", List.of("user")),
      new User("bob", "secret", List.of("user")));
}
