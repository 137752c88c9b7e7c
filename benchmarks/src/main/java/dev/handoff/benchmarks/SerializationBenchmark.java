package dev.handoff.benchmarks;

import dev.handoff.benchmarks.session.RealisticSession;
import dev.handoff.serialization.AttributeSerializer;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Time to encode and decode every attribute of a {@link RealisticSession} once, per codec: what
 * a request that changed the whole session costs in serialization. The defaults (one fork, 8 + 5
 * iterations of 1 s) suit a 2-core machine and keep the run under a minute: JDK serialization
 * took 3 to 5 s of warmup before its time settled in our runs, Kryo 2 to 3 s. JMH's
 * command-line options override them. {@link SerializationReport} runs it and prints the
 * comparison table.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 8, time = 1)
@Measurement(iterations = 5, time = 1)
public class SerializationBenchmark {

  /** Which {@link SessionCodec}, by label. */
  @Param({"kryo-defaults", "kryo", "kryo+lz4", "jdk"})
  public String codec;

  private AttributeSerializer serializer;
  private ClassLoader classLoader;
  private Object[] values;

  @Setup
  public void setUp() {
    serializer = SessionCodec.named(codec).serializer();
    classLoader = SerializationBenchmark.class.getClassLoader();
    Map<String, Object> attributes = RealisticSession.attributes(RealisticSession.SEED);
    EncodedSession.of(codec, serializer, attributes, classLoader); // fails fast on a broken round trip
    values = attributes.values().toArray();
  }

  /** One session: each attribute encoded on its own, as Handoff stores it, then decoded. */
  @Benchmark
  public void encodeAndDecodeSession(Blackhole blackhole) {
    for (Object value : values) {
      blackhole.consume(serializer.decode(serializer.encode(value, classLoader), classLoader));
    }
  }
}
