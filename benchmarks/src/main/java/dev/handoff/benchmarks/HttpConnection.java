package dev.handoff.benchmarks;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One keep-alive HTTP/1.1 connection to one Tomcat node, for GET requests only. Plain sockets
 * rather than {@code java.net.http.HttpClient}: the load generator shares the machine's cores
 * with Tomcat and Redis, so it should spend as little CPU per request as it can. Reconnects
 * when the server closes the connection; not thread-safe (one per worker and node).
 */
final class HttpConnection implements AutoCloseable {

  private static final int MAX_LINE = 8192;

  private final String host;
  private final int port;
  private final String hostHeader;
  private Socket socket;
  private InputStream in;
  private OutputStream out;
  private byte[] body = new byte[4096];

  HttpConnection(String host, int port) {
    this.host = host;
    this.port = port;
    this.hostHeader = host + ":" + port;
  }

  /**
   * What one response said; {@code newSessionId} is the JSESSIONID it set, if any, {@code
   * otherCookies} the other cookies it set, by name (empty when none).
   */
  record Response(int status, String newSessionId, java.util.Map<String, String> otherCookies, String body) {
  }

  /**
   * Sends {@code GET pathAndQuery} with {@code Cookie: JSESSIONID=sessionId} (none when null) and
   * reads the whole response. The body is kept as text only when {@code keepBody}.
   */
  Response get(String pathAndQuery, String sessionId, boolean keepBody) throws IOException {
    return get(pathAndQuery, sessionId, java.util.Map.of(), keepBody);
  }

  /** The same, sending {@code otherCookies} too (those a browser kept from earlier responses). */
  Response get(String pathAndQuery, String sessionId, java.util.Map<String, String> otherCookies, boolean keepBody)
      throws IOException {
    StringBuilder request = new StringBuilder(160).append("GET ").append(pathAndQuery)
        .append(" HTTP/1.1\r\nHost: ").append(hostHeader).append("\r\n");
    if (sessionId != null) {
      request.append("Cookie: JSESSIONID=").append(sessionId);
      otherCookies.forEach((name, value) -> request.append("; ").append(name).append('=').append(value));
      request.append("\r\n");
    }
    byte[] bytes = request.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    boolean reused = socket != null;
    try {
      return exchange(bytes, keepBody);
    } catch (IOException e) {
      close();
      if (!reused) {
        throw e;
      }
      return exchange(bytes, keepBody); // the server closed an idle connection: one fresh try
    }
  }

  private Response exchange(byte[] request, boolean keepBody) throws IOException {
    if (socket == null) {
      open();
    }
    out.write(request);
    out.flush();
    String statusLine = readLine();
    if (statusLine.length() < 12 || !statusLine.startsWith("HTTP/1.")) {
      throw new IOException("not an HTTP status line: " + statusLine);
    }
    int status = Integer.parseInt(statusLine.substring(9, 12));
    long contentLength = -1;
    boolean chunked = false;
    boolean closeAfter = false;
    String newSessionId = null;
    java.util.Map<String, String> otherCookies = java.util.Map.of();
    for (String line = readLine(); !line.isEmpty(); line = readLine()) {
      int colon = line.indexOf(':');
      if (colon <= 0) {
        continue;
      }
      String name = line.substring(0, colon).trim();
      String value = line.substring(colon + 1).trim();
      if (name.equalsIgnoreCase("Content-Length")) {
        contentLength = Long.parseLong(value);
      } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
        chunked = value.toLowerCase().contains("chunked");
      } else if (name.equalsIgnoreCase("Connection")) {
        closeAfter = value.equalsIgnoreCase("close");
      } else if (name.equalsIgnoreCase("Set-Cookie") && value.startsWith("JSESSIONID=")) {
        int end = value.indexOf(';');
        newSessionId = value.substring("JSESSIONID=".length(), end < 0 ? value.length() : end);
      } else if (name.equalsIgnoreCase("Set-Cookie") && value.indexOf('=') > 0) {
        int end = value.indexOf(';');
        String pair = value.substring(0, end < 0 ? value.length() : end);
        if (otherCookies.isEmpty()) {
          otherCookies = new java.util.HashMap<>(2);
        }
        otherCookies.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
      }
    }
    int length;
    if (chunked) {
      length = readChunked();
    } else if (contentLength >= 0) {
      length = readFully((int) contentLength, 0);
    } else {
      throw new IOException("response without Content-Length or chunked encoding");
    }
    if (closeAfter) {
      close();
    }
    return new Response(status, newSessionId, otherCookies,
        keepBody ? new String(body, 0, length, StandardCharsets.UTF_8) : null);
  }

  private int readChunked() throws IOException {
    int total = 0;
    while (true) {
      String sizeLine = readLine();
      int semicolon = sizeLine.indexOf(';');
      int size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
      if (size == 0) {
        while (!readLine().isEmpty()) {
          // trailers
        }
        return total;
      }
      total = readFully(size, total);
      readLine(); // CRLF after the chunk
    }
  }

  private int readFully(int count, int offset) throws IOException {
    if (offset + count > body.length) {
      byte[] bigger = new byte[Math.max(body.length * 2, offset + count)];
      System.arraycopy(body, 0, bigger, 0, offset);
      body = bigger;
    }
    int read = 0;
    while (read < count) {
      int n = in.read(body, offset + read, count - read);
      if (n < 0) {
        throw new EOFException("connection closed in the middle of a response body");
      }
      read += n;
    }
    return offset + count;
  }

  private String readLine() throws IOException {
    StringBuilder line = new StringBuilder(64);
    while (true) {
      int c = in.read();
      if (c < 0) {
        throw new EOFException("connection closed by " + hostHeader);
      }
      if (c == '\n') {
        int end = line.length();
        if (end > 0 && line.charAt(end - 1) == '\r') {
          line.setLength(end - 1);
        }
        return line.toString();
      }
      if (line.length() >= MAX_LINE) {
        throw new IOException("header line longer than " + MAX_LINE + " bytes");
      }
      line.append((char) c);
    }
  }

  private void open() throws IOException {
    Socket s = new Socket();
    s.setTcpNoDelay(true);
    s.setSoTimeout(30_000);
    s.connect(new InetSocketAddress(host, port), 5_000);
    socket = s;
    in = new BufferedInputStream(s.getInputStream(), 16 * 1024);
    out = s.getOutputStream();
  }

  @Override
  public void close() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing anyway
      }
      socket = null;
    }
  }
}
