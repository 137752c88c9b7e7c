package dev.handoff.benchmarks;

import dev.handoff.testkit.TomcatNode;
import java.time.Duration;

/** One node of a load configuration, started: a Tomcat process or a Jetty one. */
interface LoadNode extends AutoCloseable {

  /** {@code http://127.0.0.1:port}, without a context path. */
  String baseUrl();

  /** CPU the node's process used so far. */
  Duration cpuTime();

  /** The end of the node's log, for a failure's report. */
  String logTail();

  /** Stops the process. */
  @Override
  void close();

  /** A Tomcat node of the testkit, started. */
  static LoadNode started(TomcatNode node) {
    node.start();
    return new LoadNode() {
      @Override
      public String baseUrl() {
        return node.baseUrl();
      }

      @Override
      public Duration cpuTime() {
        return node.cpuTime();
      }

      @Override
      public String logTail() {
        return node.logTail();
      }

      @Override
      public void close() {
        node.close();
      }
    };
  }
}
