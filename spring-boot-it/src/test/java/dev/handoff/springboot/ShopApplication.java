package dev.handoff.springboot;

import dev.handoff.tomcat.RedisSessionManager;
import jakarta.servlet.http.HttpSession;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A Spring Boot application whose embedded Tomcat keeps its sessions in Redis through Handoff:
 * the README's snippet (one customizer bean), and a page that counts in the session.
 */
@SpringBootApplication
@RestController
public class ShopApplication {

  /** The README's snippet: Handoff's manager on the embedded Tomcat's context. */
  @Bean
  WebServerFactoryCustomizer<TomcatServletWebServerFactory> handoffSessions(
      @Value("${handoff.address}") String address, @Value("${handoff.session-key}") String sessionKey) {
    return factory -> factory.addContextCustomizers(context -> {
      RedisSessionManager sessions = new RedisSessionManager();
      sessions.setProperty("address", address);
      sessions.setProperty("sessionKey", sessionKey);
      context.setManager(sessions);
    });
  }

  @Value("${handoff.node:boot}")
  private String node;

  @GetMapping("/counter")
  Map<String, Object> counter(HttpSession session) {
    int next = session.getAttribute("counter") instanceof Integer current ? current + 1 : 1;
    session.setAttribute("counter", next);
    return Map.of("counter", next, "node", node);
  }
}
