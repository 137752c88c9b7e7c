package dev.handoff.testkit;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * A minimal, blocking RESP2 client for tests and for the kit itself: it sends commands exactly as
 * written, so a test can see what the server answers. Replies map to {@link String} (simple and
 * bulk strings, UTF-8), {@link Long}, {@link List} and {@code null}; an error reply throws {@link
 * RedisErrorReply}. Not thread-safe.
 */
public final class RespClient implements AutoCloseable {

  private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final String endpoint;

  private RespClient(Socket socket, String endpoint) throws IOException {
    this.socket = socket;
    this.endpoint = endpoint;
    this.in = new BufferedInputStream(socket.getInputStream());
    this.out = new BufferedOutputStream(socket.getOutputStream());
  }

  /** A plain TCP connection. */
  public static RespClient connect(String host, int port) {
    return connect(host, port, null, DEFAULT_TIMEOUT);
  }

  /**
   * A connection, over TLS when {@code tls} is given (host name verification against the
   * server certificate's subject alternative names), with {@code timeout} for connect and reads.
   */
  public static RespClient connect(String host, int port, SSLContext tls, Duration timeout) {
    String endpoint = host + ":" + port;
    Socket socket = null;
    try {
      socket = new Socket();
      socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
      socket.setSoTimeout((int) timeout.toMillis());
      socket.setTcpNoDelay(true);
      if (tls != null) {
        SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(socket, host, port, true);
        SSLParameters params = ssl.getSSLParameters();
        params.setEndpointIdentificationAlgorithm("HTTPS");
        ssl.setSSLParameters(params);
        ssl.startHandshake();
        socket = ssl;
      }
      return new RespClient(socket, endpoint);
    } catch (IOException e) {
      closeQuietly(socket);
      throw new UncheckedIOException("cannot connect to Redis at " + endpoint + ": " + e, e);
    }
  }

  /** Sends {@code AUTH} with a user name (ACL) or, when {@code user} is null, the password only. */
  public RespClient auth(String user, String password) {
    if (user == null) {
      call("AUTH", password);
    } else {
      call("AUTH", user, password);
    }
    return this;
  }

  /** Sends one command and waits for its reply. */
  public Object call(String... args) {
    try {
      write(args);
      out.flush();
      return read();
    } catch (IOException e) {
      throw new UncheckedIOException("Redis at " + endpoint + " did not answer " + args[0] + ": " + e, e);
    }
  }

  /** Sends one command whose reply is a string (or nil). */
  public String string(String... args) {
    Object reply = call(args);
    if (reply != null && !(reply instanceof String)) {
      throw new IllegalStateException(args[0] + " answered " + reply + ", not a string");
    }
    return (String) reply;
  }

  /** Sends one command whose reply is an integer. */
  public long integer(String... args) {
    Object reply = call(args);
    if (!(reply instanceof Long)) {
      throw new IllegalStateException(args[0] + " answered " + reply + ", not an integer");
    }
    return (Long) reply;
  }

  /** The value of one field of {@code INFO section}, or null when the server does not report it. */
  public String info(String section, String field) {
    String info = string("INFO", section);
    for (String line : info.split("\r\n")) {
      if (line.startsWith(field + ":")) {
        return line.substring(field.length() + 1);
      }
    }
    return null;
  }

  /** {@code host:port} this client talks to. */
  public String endpoint() {
    return endpoint;
  }

  @Override
  public void close() {
    closeQuietly(socket);
  }

  private void write(String[] args) throws IOException {
    out.write(('*' + Integer.toString(args.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
    for (String arg : args) {
      byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
      out.write(('$' + Integer.toString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(bytes);
      out.write('\r');
      out.write('\n');
    }
  }

  private Object read() throws IOException {
    int type = in.read();
    if (type < 0) {
      throw new EOFException("connection closed by " + endpoint);
    }
    String line = readLine();
    switch (type) {
      case '+':
        return line;
      case '-':
        throw new RedisErrorReply(line);
      case ':':
        return Long.parseLong(line);
      case '$': {
        int length = Integer.parseInt(line);
        if (length < 0) {
          return null;
        }
        byte[] bytes = in.readNBytes(length + 2);
        if (bytes.length != length + 2) {
          throw new EOFException("connection closed by " + endpoint + " inside a reply");
        }
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
      }
      case '*': {
        int count = Integer.parseInt(line);
        if (count < 0) {
          return null;
        }
        List<Object> items = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
          try {
            items.add(read());
          } catch (RedisErrorReply e) {
            items.add(e);
          }
        }
        return items;
      }
      default:
        throw new IOException("not a RESP2 reply from " + endpoint + ": type byte " + type);
    }
  }

  private String readLine() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != '\r') {
      if (b < 0) {
        throw new EOFException("connection closed by " + endpoint + " inside a reply");
      }
      line.write(b);
    }
    if (in.read() != '\n') {
      throw new IOException("malformed RESP line from " + endpoint);
    }
    return line.toString(StandardCharsets.UTF_8);
  }

  private static void closeQuietly(Socket socket) {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing a test connection; nothing to do
      }
    }
  }
}
