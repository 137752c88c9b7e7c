package dev.handoff.springboot.jetty;

import dev.handoff.jetty.RedisSessionDataStoreFactory;
import dev.handoff.springboot.page.CounterController;
import org.eclipse.jetty.session.DefaultSessionIdManager;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.jetty.servlet.JettyServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/** A Spring Boot application on its embedded Jetty, sessions in Redis through Handoff: the README's bean. */
@SpringBootApplication
@Import(CounterController.class)
public class ShopOnJettyApplication {

  @Bean
  WebServerFactoryCustomizer<JettyServletWebServerFactory> handoffSessions(
      @Value("${handoff.address}") String address, @Value("${handoff.session-key}") String sessionKey) {
    return factory -> factory.addServerCustomizers(server -> {
      DefaultSessionIdManager ids = new DefaultSessionIdManager(server);
      ids.setWorkerName(""); // ids without ".node0": Tomcat instances find these sessions too
      server.addBean(ids, true);
      server.addBean(new RedisSessionDataStoreFactory(address).set("sessionKey", sessionKey));
    });
  }
}
