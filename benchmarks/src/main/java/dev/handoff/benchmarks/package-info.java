/**
 * Benchmarks of Handoff. {@link dev.handoff.benchmarks.SerializationBenchmark} (JMH) measures the
 * serialization of a realistic session with Kryo and JDK serialization;
 * {@link dev.handoff.benchmarks.SerializationReport} runs it and prints the ratios.
 */
package dev.handoff.benchmarks;
