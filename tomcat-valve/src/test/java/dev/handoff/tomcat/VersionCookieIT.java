package dev.handoff.tomcat;

import dev.handoff.store.VersionCookie;
import dev.handoff.testkit.FaultProxy;
import dev.handoff.testkit.VersionCookieContract;
import java.util.List;
import java.util.Map;

/** Issue 15's tests 1 to 5 on two real Tomcat 11 processes with the drop-in jar. */
class VersionCookieIT extends VersionCookieContract {

  private TomcatFleet fleet;

  @Override
  protected String container() {
    return "Tomcat 11";
  }

  @Override
  protected void startNodes(FaultProxy proxyA, FaultProxy proxyB) {
    fleet = TomcatFleet.start("11", List.of(Map.of("address", "redis://127.0.0.1:" + proxyA.port()),
        Map.of("address", "redis://127.0.0.1:" + proxyB.port())), Map.of());
  }

  @Override
  protected void stopNodes() {
    if (fleet != null) {
      fleet.close();
    }
  }

  @Override
  protected String url(int node, String page) {
    return fleet.url(node, page);
  }

  @Override
  protected String logs() {
    return fleet.logs();
  }

  @Override
  protected Map.Entry<String, String> versionCookie(String sessionCookie, long version) {
    return Map.entry(VersionCookie.NAME, VersionCookie.value(sessionCookie, version));
  }
}
