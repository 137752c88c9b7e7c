package dev.handoff.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.handoff.testkit.Browser;
import dev.handoff.testkit.MemcachedServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code backupCopies="true"} through Tomcat: eight users log in and count on node a, node a
 * crashes, then one of the two memcached servers is killed. Node b never held any of these
 * sessions, so nothing is written back: every user is still logged in on b, with the counter
 * where it was, from the copies on the server left. (Without backupCopies, the users whose
 * sessions were on the killed server are logged out: {@link MemcachedHopIT} needs a node that
 * held them.)
 */
class MemcachedBackupHopIT {

  @Test
  void aNodeCrashed_thenAMemcachedServerKilled_logsNobodyOut() throws Exception {
    try (MemcachedServer first = MemcachedServer.start("backup-hop-1"); MemcachedServer second = MemcachedServer.start("backup-hop-2");
        TomcatFleet fleet = TomcatFleet.start("11", 2, Map.of("address", first.uri() + "," + second.uri(),
            "backupCopies", "true", "commandTimeout", "2s"))) {
      List<Browser> users = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        Browser user = new Browser();
        user.formLogin(fleet.url(0, "/secure/?format=json"), "alice", "secret");
        user.get(fleet.url(0, "/counter?format=json"));
        user.get(fleet.url(0, "/counter?format=json"));
        users.add(user);
      }
      Thread.sleep(1_000); // the copies are written off the request thread, within milliseconds
      fleet.node(0).kill();
      first.kill();
      // b's client sees the server's connections closed (b checks every 2 s and logs it); until then a request of
      // a session b does not hold fails over to no session at all (failurePolicy = serve): a login page
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (!fleet.node(1).logTail().contains("is down: sessions are not where their keys lead") && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      for (int i = 0; i < users.size(); i++) {
        Map<String, Object> page = servedOnB(fleet, users.get(i));
        assertEquals("alice", page.get("user"), "user " + i + " still logged in on b: " + page + "\n" + fleet.logs());
        assertEquals(3, ((Number) users.get(i).get(fleet.url(1, "/counter?format=json")).json().get("counter")).intValue(),
            "user " + i + "'s counter went on from the copy");
      }
    }
  }

  /**
   * The user's page on b, asked again while b answers 503: until b's client has seen the killed
   * server's connection close, calls for its keys wait out commandTimeout.
   */
  private static Map<String, Object> servedOnB(TomcatFleet fleet, Browser user) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      Browser.Response response = user.get(fleet.url(1, "/secure/?format=json"));
      if (response.status() != 503 || System.nanoTime() > deadline) {
        return response.body().contains("j_security_check") ? Map.of("user", "(asked to log in again)") : response.json();
      }
      Thread.sleep(200);
    }
  }
}
