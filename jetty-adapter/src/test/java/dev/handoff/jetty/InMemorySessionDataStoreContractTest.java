package dev.handoff.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.handoff.store.SessionStore;
import dev.handoff.store.StoreConfig;
import dev.handoff.testkit.store.InMemoryServer;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.session.SessionData;
import org.eclipse.jetty.session.SessionDataStore;
import org.eclipse.jetty.session.SessionDataStoreFactory;
import org.junit.jupiter.api.Test;

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

  /**
   * Commit after the store's answer, on the adapter (issue 12, test 3): a create the store could not
   * write throws, so that Jetty keeps its data dirty, and the next save creates the session whole; a
   * save queued while the server is down counts as written and reaches it once it is back.
   */
  @Test
  void createWhileDown_notRememberedAsWritten_nextSaveCreatesIt_queuedSaveWrittenWhenBack() throws Exception {
    setUp();
    _server.start();
    SessionDataStore store = _sessionManager.getSessionCache().getSessionDataStore();
    long now = System.currentTimeMillis();
    SessionData data = store.newSessionData("down1", now, now, now, TimeUnit.MINUTES.toMillis(60));
    data.setLastNode(_sessionIdManager.getWorkerName());
    data.setAttribute("a", "1");
    server.stop();
    assertThrows(Exception.class, () -> store.store("down1", data));
    assertTrue(data.isDirty(), "not written: Jetty keeps the data dirty");
    assertFalse(holds(namespaceOf(data), data), "nothing in storage");
    server.start();
    store.store("down1", data);
    assertEquals(Set.of("a"), storeFor(data).load("down1").orElseThrow().attributes().keySet(), "the next save creates it");
    data.setAttribute("b", "2");
    server.stop();
    store.store("down1", data); // queued by the store: counts as written
    assertFalse(data.isDirty());
    server.start();
    assertTrue(store.exists("down1")); // the adapter's store writes what it queued before its next call
    assertEquals(Set.of("a", "b"), storeFor(data).load("down1").orElseThrow().attributes().keySet());
  }
}
