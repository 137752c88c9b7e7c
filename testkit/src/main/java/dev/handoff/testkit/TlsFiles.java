package dev.handoff.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away certificate authority, a server certificate for {@code localhost}/{@code
 * 127.0.0.1} and a client certificate, generated at run time (nothing is committed), written as
 * PEM files for redis-server and PKCS#12 stores for Java clients.
 */
public final class TlsFiles {

  private final Path dir;
  private final String storePassword;
  private final SSLContext clientContext;
  private final SSLContext clientContextWithoutCertificate;

  private TlsFiles(Path dir, String storePassword) {
    this.dir = dir;
    this.storePassword = storePassword;
    this.clientContext = sslContext(true);
    this.clientContextWithoutCertificate = sslContext(false);
  }

  /** Generates a CA, a server and a client certificate into {@code dir}. */
  public static TlsFiles generate(Path dir) {
    try {
      Files.createDirectories(dir);
      byte[] random = new byte[12];
      new SecureRandom().nextBytes(random);
      String password = HexFormat.of().formatHex(random);

      KeyPair caKeys = newKeyPair();
      X500Name caName = new X500Name("CN=Handoff testkit CA");
      X509Certificate ca = sign(caName, caKeys, caName, caKeys.getPublic(), true, null);

      KeyPair serverKeys = newKeyPair();
      X509Certificate server = sign(caName, caKeys, new X500Name("CN=localhost"), serverKeys.getPublic(),
          false, new GeneralNames(new GeneralName[] {
              new GeneralName(GeneralName.dNSName, "localhost"),
              new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));

      KeyPair clientKeys = newKeyPair();
      X509Certificate client = sign(caName, caKeys, new X500Name("CN=handoff-test-client"),
          clientKeys.getPublic(), false, null);

      writePem(dir.resolve("ca.crt"), ca);
      writePem(dir.resolve("server.crt"), server);
      writePem(dir.resolve("server.key"), serverKeys.getPrivate());
      writePem(dir.resolve("client.crt"), client);
      writePem(dir.resolve("client.key"), clientKeys.getPrivate());

      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("handoff-testkit-ca", ca);
      store(trust, dir.resolve("truststore.p12"), password);

      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(null, null);
      keys.setKeyEntry("client", clientKeys.getPrivate(), password.toCharArray(),
          new Certificate[] {client, ca});
      store(keys, dir.resolve("client-keystore.p12"), password);

      KeyStore serverStore = KeyStore.getInstance("PKCS12");
      serverStore.load(null, null);
      serverStore.setKeyEntry("server", serverKeys.getPrivate(), password.toCharArray(), new Certificate[] {server, ca});
      store(serverStore, dir.resolve("server-keystore.p12"), password);
      return new TlsFiles(dir, password);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write TLS files to " + dir, e);
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("cannot generate test certificates", e);
    }
  }

  /** PEM of the certificate authority that signed both certificates. */
  public Path caCertificate() {
    return dir.resolve("ca.crt");
  }

  /** PEM of the server certificate (valid for localhost and 127.0.0.1). */
  public Path serverCertificate() {
    return dir.resolve("server.crt");
  }

  /** PEM (PKCS#8) of the server's private key. */
  public Path serverKey() {
    return dir.resolve("server.key");
  }

  /** PEM of the client certificate. */
  public Path clientCertificate() {
    return dir.resolve("client.crt");
  }

  /** PEM (PKCS#8) of the client's private key. */
  public Path clientKey() {
    return dir.resolve("client.key");
  }

  /** PKCS#12 store holding the CA certificate. */
  public Path trustStore() {
    return dir.resolve("truststore.p12");
  }

  /** PKCS#12 store holding the client key and certificate chain. */
  public Path clientKeyStore() {
    return dir.resolve("client-keystore.p12");
  }

  /** PKCS#12 store holding the server key and certificate chain, for servers written in Java. */
  public Path serverKeyStore() {
    return dir.resolve("server-keystore.p12");
  }

  /** An SSL context that presents the server certificate (for localhost and 127.0.0.1). */
  public SSLContext serverContext() {
    try {
      KeyStore keys = KeyStore.getInstance("PKCS12");
      try (var in = Files.newInputStream(serverKeyStore())) {
        keys.load(in, storePassword.toCharArray());
      }
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(keys, storePassword.toCharArray());
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(kmf.getKeyManagers(), null, null);
      return context;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot build the server SSL context", e);
    }
  }

  /** Password of the PKCS#12 stores (random per run). */
  public String storePassword() {
    return storePassword;
  }

  /** An SSL context that trusts the CA and presents the client certificate. */
  public SSLContext clientContext() {
    return clientContext;
  }

  /** An SSL context that trusts the CA and presents no client certificate. */
  public SSLContext clientContextWithoutCertificate() {
    return clientContextWithoutCertificate;
  }

  private SSLContext sslContext(boolean withClientCertificate) {
    try {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      try (var in = Files.newInputStream(trustStore())) {
        trust.load(in, storePassword.toCharArray());
      }
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      KeyManagerFactory kmf = null;
      if (withClientCertificate) {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(clientKeyStore())) {
          keys.load(in, storePassword.toCharArray());
        }
        kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, storePassword.toCharArray());
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
      return context;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot build the client SSL context", e);
    }
  }

  private static KeyPair newKeyPair() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    return generator.generateKeyPair();
  }

  private static X509Certificate sign(X500Name issuer, KeyPair issuerKeys, X500Name subject,
      java.security.PublicKey subjectKey, boolean authority, GeneralNames alternativeNames)
      throws GeneralSecurityException, OperatorCreationException, IOException {
    Instant now = Instant.now();
    X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer,
        new BigInteger(64, new SecureRandom()), Date.from(now.minus(Duration.ofHours(1))),
        Date.from(now.plus(Duration.ofDays(2))), subject, subjectKey);
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(authority));
    if (authority) {
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    } else {
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      // Both purposes: replicas and cluster peers present the server certificate as clients.
      builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
          new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
    }
    if (alternativeNames != null) {
      builder.addExtension(Extension.subjectAlternativeName, false, alternativeNames);
    }
    return new JcaX509CertificateConverter().getCertificate(
        builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
  }

  private static void writePem(Path file, Object object) throws IOException {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter pem = new JcaPEMWriter(text)) {
      pem.writeObject(object instanceof PrivateKey key
          ? new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(key, null).generate() : object);
    }
    Files.writeString(file, text.toString(), StandardCharsets.US_ASCII);
  }

  private static void store(KeyStore store, Path file, String password)
      throws IOException, GeneralSecurityException {
    try (OutputStream out = Files.newOutputStream(file)) {
      store.store(out, password.toCharArray());
    }
  }
}
