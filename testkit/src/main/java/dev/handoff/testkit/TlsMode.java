package dev.handoff.testkit;

/** Whether a topology speaks TLS, and whether it checks client certificates. */
public enum TlsMode {
  /** Plain TCP. */
  NONE,
  /** TLS; the server presents its certificate and accepts clients without one. */
  SERVER_CERTIFICATE,
  /** TLS; the server refuses clients that do not present a certificate signed by the test CA. */
  CLIENT_CERTIFICATE_REQUIRED
}
