package dev.handoff.benchmarks;

import dev.handoff.benchmarks.session.RealisticSession;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link SerializationBenchmark} and prints, for Kryo with and without LZ4 and for JDK
 * serialization, the bytes and the encode+decode time of one session, with the ratios against
 * JDK measured in the same run and whether the design target is met. Also writes the table to
 * {@code serialization-benchmark.md} beside the benchmarks jar ({@code benchmarks/target/}).
 *
 * <p>Arguments are JMH's own options, e.g. {@code -f 2 -wi 5 -i 10 -r 2s} or {@code -p
 * codec=kryo,jdk}; {@code -h} lists them.
 */
public final class SerializationReport {

  /** The design brief's target: Kryo at most this fraction of JDK's bytes... */
  static final double TARGET_BYTES_RATIO = 1.0 / 3;
  /** ...and at least this many times faster. */
  static final double TARGET_SPEEDUP = 5.0;

  private SerializationReport() {
  }

  public static void main(String[] args) throws IOException, RunnerException {
    CommandLineOptions cli;
    try {
      cli = new CommandLineOptions(args);
    } catch (CommandLineOptionException e) {
      System.err.println("Error parsing the JMH options: " + e.getMessage() + " (-h lists them)");
      System.exit(2);
      return;
    }
    if (cli.shouldHelp()) {
      System.out.println("Usage: bin/bench-serialization [JMH options]; the benchmark is always "
          + SerializationBenchmark.class.getSimpleName() + ". JMH options:");
      cli.showHelp();
      return;
    }

    ClassLoader classLoader = SerializationReport.class.getClassLoader();
    Map<String, Object> session = RealisticSession.attributes(RealisticSession.SEED);
    Map<SessionCodec, EncodedSession> encoded = new EnumMap<>(SessionCodec.class);
    for (SessionCodec codec : SessionCodec.values()) {
      encoded.put(codec, EncodedSession.of(codec.label(), codec.serializer(), session, classLoader));
    }

    ChainedOptionsBuilder options = new OptionsBuilder().parent(cli)
        .include("^" + Pattern.quote(SerializationBenchmark.class.getName()) + "\\.");
    if (!cli.shouldFailOnError().hasValue()) {
      options.shouldFailOnError(true);
    }
    Collection<RunResult> results = new Runner(options.build()).run();

    Map<SessionCodec, Result<?>> times = new EnumMap<>(SessionCodec.class);
    BenchmarkParams params = null;
    for (RunResult result : results) {
      params = result.getParams();
      times.put(SessionCodec.named(params.getParam("codec")), result.getPrimaryResult());
    }
    String table = markdown(session, encoded, times, params);
    System.out.println();
    System.out.println(table);
    Path file = outputDirectory().resolve("serialization-benchmark.md");
    Files.writeString(file, table, StandardCharsets.UTF_8);
    System.out.println("Written to " + file);
  }

  static String markdown(Map<String, Object> session, Map<SessionCodec, EncodedSession> encoded,
      Map<SessionCodec, Result<?>> times, BenchmarkParams params) {
    StringBuilder md = new StringBuilder();
    md.append("## Serialization: one realistic session\n\n");
    md.append("- Session: ").append(session.size()).append(" attributes (")
        .append(String.join(", ", session.keySet())).append("), a cart of ")
        .append(RealisticSession.CART_ITEMS).append(" items, seed ").append(RealisticSession.SEED)
        .append("; each attribute encoded on its own, as Handoff stores it (3-byte header included).\n");
    if (params != null) {
      md.append(String.format(Locale.ROOT,
          "- JMH %s, %s, fork %d, warmup %d x %s, measurement %d x %s; %s %s, %d CPUs.\n",
          params.getJmhVersion(), params.getMode().longLabel(), params.getForks(),
          params.getWarmup().getCount(), params.getWarmup().getTime(),
          params.getMeasurement().getCount(), params.getMeasurement().getTime(),
          params.getVmName(), params.getJdkVersion(), Runtime.getRuntime().availableProcessors()));
    }
    md.append("- kryo-defaults: SerializationConfig.defaults(); compressed: ")
        .append(listOrNone(encoded.get(SessionCodec.DEFAULTS))).append(".\n");
    md.append("- kryo+lz4: compression on, compressionThresholdBytes = ")
        .append(SessionCodec.LZ4_THRESHOLD_BYTES).append("; compressed: ")
        .append(listOrNone(encoded.get(SessionCodec.KRYO_LZ4))).append(".\n\n");

    EncodedSession jdkBytes = encoded.get(SessionCodec.JDK);
    Result<?> jdkTime = times.get(SessionCodec.JDK);
    md.append("| codec | bytes / session | encode+decode µs / session | bytes vs jdk | speed vs jdk |\n");
    md.append("|---|--:|--:|--:|--:|\n");
    for (SessionCodec codec : SessionCodec.values()) {
      Result<?> time = times.get(codec);
      int bytes = encoded.get(codec).totalBytes();
      md.append(String.format(Locale.ROOT, "| %s | %,d | %s | %.2f | %s |\n", codec.label(), bytes,
          time == null ? "not run" : microseconds(time),
          (double) bytes / jdkBytes.totalBytes(), speedup(jdkTime, time)));
    }
    for (SessionCodec codec : SessionCodec.values()) {
      Result<?> time = times.get(codec);
      if (time != null && time.getScoreError() > time.getScore() / 2) {
        md.append("\nWarning: ").append(codec.label()).append("'s iterations disagree (± above half the"
            + " score): the machine was busy or warmup too short; re-run before comparing.\n");
      }
    }
    md.append("\nbytes vs jdk = codec bytes / jdk bytes (lower is better); speed vs jdk = jdk time /"
        + " codec time (higher is better). ± is JMH's 99.9% confidence half-interval.\n\n");

    md.append(String.format(Locale.ROOT,
        "Target (design brief): Kryo <= 1/3 of JDK's bytes and >= %.0fx faster.\n", TARGET_SPEEDUP));
    for (SessionCodec codec : new SessionCodec[] {SessionCodec.DEFAULTS, SessionCodec.KRYO, SessionCodec.KRYO_LZ4}) {
      md.append("- ").append(verdict(codec, encoded.get(codec), jdkBytes, times.get(codec), jdkTime))
          .append('\n');
    }

    md.append("\nBytes per attribute:\n\n| attribute |");
    for (SessionCodec codec : SessionCodec.values()) {
      md.append(' ').append(codec.label()).append(" |");
    }
    md.append("\n|---|").append("--:|".repeat(SessionCodec.values().length)).append('\n');
    for (String name : session.keySet()) {
      md.append("| ").append(name).append(" |");
      for (SessionCodec codec : SessionCodec.values()) {
        md.append(String.format(Locale.ROOT, " %,d |", encoded.get(codec).bytesByAttribute().get(name)));
      }
      md.append('\n');
    }
    return md.toString();
  }

  private static String verdict(SessionCodec codec, EncodedSession bytes, EncodedSession jdkBytes,
      Result<?> time, Result<?> jdkTime) {
    double bytesRatio = (double) bytes.totalBytes() / jdkBytes.totalBytes();
    boolean bytesMet = bytesRatio <= TARGET_BYTES_RATIO;
    String line = String.format(Locale.ROOT, "%s: bytes %.2f of jdk's (%s)", codec.label(), bytesRatio,
        bytesMet ? "met" : "NOT met");
    if (time == null || jdkTime == null) {
      return line + ", speed not measured in this run (both " + codec.label() + " and jdk must run)";
    }
    double speedup = jdkTime.getScore() / time.getScore();
    boolean speedMet = speedup >= TARGET_SPEEDUP;
    return line + String.format(Locale.ROOT, ", %.1fx faster (%s): target %s", speedup,
        speedMet ? "met" : "NOT met", bytesMet && speedMet ? "met" : "NOT met");
  }

  private static String microseconds(Result<?> time) {
    return Double.isNaN(time.getScoreError())
        ? String.format(Locale.ROOT, "%.1f", time.getScore()) // one iteration: no interval
        : String.format(Locale.ROOT, "%.1f ± %.1f", time.getScore(), time.getScoreError());
  }

  private static String speedup(Result<?> baseline, Result<?> time) {
    return baseline == null || time == null ? "n/a"
        : String.format(Locale.ROOT, "%.1fx", baseline.getScore() / time.getScore());
  }

  private static String listOrNone(EncodedSession session) {
    return session.compressedAttributes().isEmpty() ? "no attribute"
        : String.join(", ", session.compressedAttributes());
  }

  /** The folder of the benchmarks jar (or of the classes folder): benchmarks/target. */
  private static Path outputDirectory() {
    try {
      return Path.of(SerializationReport.class.getProtectionDomain().getCodeSource().getLocation()
          .toURI()).getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot locate the benchmarks jar", e);
    }
  }
}
