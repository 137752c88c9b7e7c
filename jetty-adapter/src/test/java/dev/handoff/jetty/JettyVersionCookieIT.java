package dev.handoff.jetty;

import dev.handoff.store.VersionCookie;
import dev.handoff.testkit.FaultProxy;
import dev.handoff.testkit.VersionCookieContract;
import java.util.Map;

/** Issue 15's tests 1 to 5 on two embedded Jetty 12 nodes. */
class JettyVersionCookieIT extends VersionCookieContract {

  private JettyNode nodeA;
  private JettyNode nodeB;

  @Override
  protected String container() {
    return "Jetty 12";
  }

  @Override
  protected void startNodes(FaultProxy proxyA, FaultProxy proxyB) throws Exception {
    nodeA = JettyNode.start("a", "redis://127.0.0.1:" + proxyA.port());
    nodeB = JettyNode.start("b", "redis://127.0.0.1:" + proxyB.port());
  }

  @Override
  protected void stopNodes() throws Exception {
    if (nodeA != null) {
      nodeA.close();
    }
    if (nodeB != null) {
      nodeB.close();
    }
  }

  @Override
  protected String url(int node, String page) {
    return (node == 0 ? nodeA : nodeB).url(page);
  }

  @Override
  protected String logs() {
    return "";
  }

  /** Jetty's session cookie carries the node after a dot; the version cookie names the session id alone. */
  @Override
  protected Map.Entry<String, String> versionCookie(String sessionCookie, long version) {
    return Map.entry(VersionCookie.NAME, VersionCookie.value(sessionCookie.replaceAll("\\..*$", ""), version));
  }
}
