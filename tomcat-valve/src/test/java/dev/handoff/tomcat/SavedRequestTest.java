package dev.handoff.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.handoff.serialization.AttributeSerializer;
import dev.handoff.serialization.SerializationConfig;
import org.apache.catalina.authenticator.SavedRequest;
import org.junit.jupiter.api.Test;

/** The FORM login's saved request travels between nodes as a session note. */
class SavedRequestTest {

  @Test
  void savedRequest_roundTripsThroughTheSerializer() {
    SavedRequest saved = new SavedRequest();
    saved.setMethod("GET");
    saved.setRequestURI("/app/secure/");
    saved.setQueryString("format=json");
    saved.setDecodedRequestURI("/app/secure/");
    saved.addHeader("Accept", "application/json");
    saved.addLocale(java.util.Locale.FRANCE);
    saved.addCookie(new jakarta.servlet.http.Cookie("c", "v"));
    saved.setContentType("text/plain");
    saved.setOriginalMaxInactiveInterval(1800);
    AttributeSerializer serializer = AttributeSerializer.create(SerializationConfig.defaults());
    ClassLoader loader = getClass().getClassLoader();
    SavedRequest back = (SavedRequest) serializer.decode(serializer.encode(saved, loader), loader);
    assertEquals("/app/secure/", back.getRequestURI());
    assertEquals("format=json", back.getQueryString());
    assertEquals("GET", back.getMethod());
    assertEquals(1800, back.getOriginalMaxInactiveInterval());
  }
}
