package dev.handoff.springboot.page;

import jakarta.servlet.http.HttpSession;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The test applications' one page: a counter in the session, and the instance that served it. */
@RestController
public class CounterController {

  @Value("${handoff.node:boot}")
  private String node;

  @GetMapping("/counter")
  Map<String, Object> counter(HttpSession session) {
    int next = session.getAttribute("counter") instanceof Integer current ? current + 1 : 1;
    session.setAttribute("counter", next);
    return Map.of("counter", next, "node", node);
  }
}
