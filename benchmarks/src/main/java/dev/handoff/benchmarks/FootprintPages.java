package dev.handoff.benchmarks;

import dev.handoff.testkit.TomcatNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Requests the pages of {@link FootprintWebapp}, once per session, from a few workers at once
 * (each with its own keep-alive connection to every node). Session {@code i} is created on node
 * {@code i mod n}, read on the next node and updated on its own, so with two nodes every read
 * happens on the node that did not create the session.
 */
final class FootprintPages {

  private static final String BASE = "/" + FootprintWebapp.CONTEXT + "/";

  private final List<String> hosts = new ArrayList<>();
  private final List<Integer> ports = new ArrayList<>();
  private final int workers;
  private final java.util.concurrent.atomic.AtomicReference<String> firstError = new java.util.concurrent.atomic.AtomicReference<>();

  FootprintPages(List<TomcatNode> nodes, int workers) {
    for (TomcatNode node : nodes) {
      String hostPort = node.baseUrl().replaceFirst("^http://", "").replaceFirst("/$", "");
      hosts.add(hostPort.substring(0, hostPort.lastIndexOf(':')));
      ports.add(Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1)));
    }
    this.workers = workers;
  }

  /** Creates {@code count} sessions; returns their ids (fewer when some requests failed). */
  List<String> create(int count) throws InterruptedException {
    List<String> ids = Collections.synchronizedList(new ArrayList<>());
    for (int i = 0; i < count; i++) {
      ids.add(null);
    }
    forEach(count, (i, connections) -> {
      HttpConnection.Response response = connections[i % connections.length].get(BASE + "create.jsp", null, true);
      if (response.status() == 200 && response.body().trim().equals("created 9") && response.newSessionId() != null) {
        ids.set(i, response.newSessionId());
      } else {
        failed("create", response);
      }
    });
    List<String> created = new ArrayList<>();
    ids.forEach(id -> {
      if (id != null) {
        created.add(id);
      }
    });
    return created;
  }

  /** Reads every attribute of each session; returns the number of failed or wrong answers. */
  long read(List<String> ids) throws InterruptedException {
    AtomicLong errors = new AtomicLong();
    forEach(ids.size(), (i, connections) -> {
      HttpConnection.Response response = connections[(i + 1) % connections.length]
          .get(BASE + "read.jsp", ids.get(i), true);
      if (response.status() != 200 || !response.body().trim().equals("read 9") || response.newSessionId() != null) {
        errors.incrementAndGet();
        failed("read", response);
      }
    });
    return errors.get();
  }

  /** Changes one small attribute of each session; returns the number of failed answers. */
  long update(List<String> ids) throws InterruptedException {
    AtomicLong errors = new AtomicLong();
    forEach(ids.size(), (i, connections) -> {
      HttpConnection.Response response = connections[i % connections.length]
          .get(BASE + "update.jsp", ids.get(i), true);
      if (response.status() != 200 || !response.body().trim().startsWith("visits ") || response.newSessionId() != null) {
        errors.incrementAndGet();
        failed("update", response);
      }
    });
    return errors.get();
  }

  /** The first wrong answer of any page, or null. */
  String firstError() {
    return firstError.get();
  }

  private void failed(String page, HttpConnection.Response response) {
    String body = response.body() == null ? "" : response.body().strip();
    firstError.compareAndSet(null, page + ": status " + response.status()
        + (response.newSessionId() != null ? ", a new session cookie" : "") + ", body '"
        + (body.length() > 300 ? body.substring(0, 300) + "..." : body) + "'");
  }

  private interface Request {
    void send(int index, HttpConnection[] connections) throws IOException;
  }

  /** Runs {@code request} for indices 0..count-1, spread over the workers; an I/O failure stops the run. */
  private void forEach(int count, Request request) throws InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(workers);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int w = 0; w < workers; w++) {
        int worker = w;
        futures.add(pool.submit(() -> {
          HttpConnection[] connections = new HttpConnection[hosts.size()];
          for (int n = 0; n < connections.length; n++) {
            connections[n] = new HttpConnection(hosts.get(n), ports.get(n));
          }
          try {
            for (int i = worker; i < count; i += workers) {
              request.send(i, connections);
            }
          } finally {
            for (HttpConnection connection : connections) {
              connection.close();
            }
          }
          return null;
        }));
      }
      for (Future<?> future : futures) {
        try {
          future.get();
        } catch (java.util.concurrent.ExecutionException e) {
          throw new IllegalStateException("a request failed: " + e.getCause(), e.getCause());
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
