package dev.handoff.webapp.it;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A minimal browser for one webapp: keeps the cookies it is sent (by name, for the webapp's
 * path only) and follows redirects only when asked, so tests can look at each step.
 */
final class Browser {

    private static final int MAX_REDIRECTS = 5;

    private final HttpClient http = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final URI webappRoot;
    private final Map<String, String> cookies = new LinkedHashMap<>();
    private boolean acceptJson;

    /** @param webappRoot the webapp's address without a trailing slash, e.g. {@code http://127.0.0.1:8080/webapp} */
    Browser(URI webappRoot) {
        this.webappRoot = webappRoot;
    }

    /** The value of cookie {@code name}, or {@code null}. */
    String cookie(String name) {
        return cookies.get(name);
    }

    /** GETs {@code pathInWebapp} (e.g. {@code /counter?format=json}). */
    Response get(String pathInWebapp) {
        return send(HttpRequest.newBuilder(address(pathInWebapp)).GET());
    }

    /** Makes every later request, redirects included, send {@code Accept: application/json}. */
    Browser acceptingJson() {
        acceptJson = true;
        return this;
    }

    /** POSTs {@code form} URL-encoded to {@code target}, an absolute address. */
    Response post(URI target, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(field -> encode(field.getKey()) + "=" + encode(field.getValue()))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(target)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** Follows redirects from {@code response} with GETs until a response is not a redirect. */
    Response follow(Response response) {
        Response current = response;
        for (int i = 0; i < MAX_REDIRECTS && current.isRedirect(); i++) {
            URI next = current.uri().resolve(current.headers().firstValue("Location").orElseThrow());
            current = send(HttpRequest.newBuilder(next).GET());
        }
        return current;
    }

    private URI address(String pathInWebapp) {
        return URI.create(webappRoot + pathInWebapp);
    }

    private Response send(HttpRequest.Builder request) {
        if (!cookies.isEmpty()) {
            request.header("Cookie", cookies.entrySet().stream()
                    .map(cookie -> cookie.getKey() + "=" + cookie.getValue())
                    .collect(Collectors.joining("; ")));
        }
        if (acceptJson) {
            request.header("Accept", "application/json");
        }
        request.timeout(Duration.ofSeconds(10));
        try {
            HttpResponse<String> response = http.send(request.build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            Response result = new Response(response.statusCode(), response.uri(), response.headers(), response.body());
            result.setCookies().forEach(this::remember);
            return result;
        } catch (IOException e) {
            throw new AssertionError("request to " + request.build().uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private void remember(String setCookie) {
        String[] parts = setCookie.split(";");
        String[] nameValue = parts[0].split("=", 2);
        String name = nameValue[0].strip();
        String value = nameValue.length > 1 ? nameValue[1].strip() : "";
        boolean expired = List.of(parts).stream()
                .map(String::strip)
                .anyMatch(attribute -> attribute.equalsIgnoreCase("Max-Age=0"));
        if (expired || value.isEmpty()) {
            cookies.remove(name);
        } else {
            cookies.put(name, value);
        }
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    /** One response as the browser received it. */
    record Response(int status, URI uri, HttpHeaders headers, String body) {

        /** The Set-Cookie headers, empty if none. */
        List<String> setCookies() {
            return headers.allValues("Set-Cookie");
        }

        boolean isRedirect() {
            return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
        }

        /** The Content-Type header, or {@code ""}. */
        String contentType() {
            return headers.firstValue("Content-Type").orElse("");
        }

        /** The body parsed as a JSON object; fails the test if it is not one. */
        Map<String, Object> json() {
            Object value = JsonReader.parse(body);
            if (value instanceof Map<?, ?> object) {
                @SuppressWarnings("unchecked")
                Map<String, Object> typed = (Map<String, Object>) object;
                return typed;
            }
            throw new AssertionError("not a JSON object: " + body);
        }

        @Override
        public String toString() {
            return status + " " + uri + "\n" + headers.map() + "\n" + body;
        }
    }
}
