package dev.handoff.springboot.tomcat;

import dev.handoff.springboot.page.CounterController;
import dev.handoff.tomcat.RedisSessionManager;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/** A Spring Boot application on its embedded Tomcat, sessions in Redis through Handoff: the README's bean. */
@SpringBootApplication
@Import(CounterController.class)
public class ShopApplication {

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
}
