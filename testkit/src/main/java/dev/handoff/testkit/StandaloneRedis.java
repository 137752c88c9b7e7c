package dev.handoff.testkit;

import java.util.List;

/** One Redis server. */
public final class StandaloneRedis extends RedisTopology {

  private final RedisNode node;

  StandaloneRedis(RedisOptions options) {
    super(options);
    this.node = newNode("redis", false, List.of(), Ports.free());
    startOrCleanUp(node::start);
  }

  /** The server. */
  public RedisNode node() {
    return node;
  }

  /** {@code redis://127.0.0.1:port} ({@code rediss://} with TLS). */
  public String uri() {
    return node.uri();
  }

  /** The client port. */
  public int port() {
    return node.port();
  }

  /** A new administrative client; the caller closes it. */
  public RespClient client() {
    return node.client();
  }

  @Override
  public String describe() {
    return "standalone Redis on " + node.hostAndPort() + suffix();
  }
}
