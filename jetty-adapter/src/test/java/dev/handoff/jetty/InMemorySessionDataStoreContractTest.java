package dev.handoff.jetty;

import dev.handoff.store.SessionStore;
import dev.handoff.store.StoreConfig;
import dev.handoff.testkit.store.InMemoryServer;
import org.eclipse.jetty.session.SessionData;
import org.eclipse.jetty.session.SessionDataStoreFactory;

/**
 * Jetty's contract suite against the adapter on the testkit's in-memory store (issue 12): the
 * adapter's logic (mapping, version checks, expiry claims, stand-in names) tested without Redis,
 * by the same suite that runs against Redis in {@link RedisSessionDataStoreContractIT}.
 */
class InMemorySessionDataStoreContractTest extends HandoffSessionDataStoreContract {

  private final InMemoryServer server = new InMemoryServer();

  InMemorySessionDataStoreContractTest() throws Exception {
    super();
  }

  @Override
  public SessionDataStoreFactory createSessionDataStoreFactory() {
    return new RedisSessionDataStoreFactory().storeOpener(server::open);
  }

  @Override
  SessionStore open(StoreConfig.Builder config) {
    return server.open(config.build());
  }

  @Override
  boolean namesExpiredByStandIn() {
    return false;
  }

  @Override
  boolean holds(String namespace, SessionData data) {
    return server.holds(namespace, data.getId());
  }

  @Override
  void makeUnreadable(String namespace, SessionData data) {
    server.corrupt(namespace, data.getId());
  }
}
