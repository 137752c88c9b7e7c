package dev.handoff.testkit.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.handoff.store.SaveResult;
import dev.handoff.store.SessionChange;
import dev.handoff.store.SessionStore;
import dev.handoff.store.SessionStoreContract;
import dev.handoff.store.StoreConfig;
import dev.handoff.store.StoreUnavailableException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Issue 12, test 9: the store contract suite against the in-memory store, and its outage. */
class InMemorySessionStoreTest extends SessionStoreContract {

  private final InMemoryServer server = new InMemoryServer();

  @Override
  protected StoreConfig.Builder newConfig() {
    return StoreConfig.builder().namespace("test-" + UUID.randomUUID());
  }

  @Override
  protected SessionStore open(StoreConfig config) {
    return server.open(config);
  }

  @Test
  void serverStopped_callsFail_savesQueueMerged_andAreWrittenWhenItAnswers() {
    String id = newId();
    created(store, newSession(id, System.currentTimeMillis(), 60, Map.of("counter", b("1"))));
    List<SessionStore.State> states = new ArrayList<>();
    store.addStateListener(states::add);
    server.stop();
    assertThrows(StoreUnavailableException.class, () -> store.load(id));
    assertEquals(SaveResult.Status.QUEUED, store.save(id, SessionChange.builder().set("counter", b("2")).build()).status());
    store.save(id, SessionChange.builder().set("counter", b("3")).set("cart", b("x")).build());
    assertEquals(1, store.pendingWrites());
    assertEquals(SessionStore.State.DOWN, store.state());
    server.start();
    assertArrayEquals(b("3"), store.load(id).orElseThrow().attributes().get("counter"), "the newest queued value");
    assertArrayEquals(b("x"), otherNode.load(id).orElseThrow().attributes().get("cart"));
    assertEquals(0, store.pendingWrites());
    assertEquals(List.of(SessionStore.State.DOWN, SessionStore.State.UP), states);
  }

  @Test
  void invalidationWhileStopped_isRemembered_andWrittenBeforeTheQueuedChanges() {
    String id = newId();
    created(store, newSession(id, System.currentTimeMillis(), 60, Map.of("counter", b("1"))));
    server.stop();
    store.save(id, SessionChange.builder().set("counter", b("2")).build());
    store.delete(id);
    assertEquals(new dev.handoff.store.ReadResult.Gone(), store.read(id, 1, false), "gone here at once");
    assertEquals(SaveResult.Status.GONE, store.save(id, SessionChange.builder().set("counter", b("3")).build()).status());
    server.start();
    store.flushPending();
    assertEquals(0, store.pendingWrites());
    assertEquals(java.util.Optional.empty(), otherNode.load(id), "deleted in the store, the queued change dropped");
  }
}
