/**
 * Benchmarks of Handoff. {@link dev.handoff.benchmarks.SerializationBenchmark} (JMH) measures the
 * serialization of a realistic session with Kryo and JDK serialization;
 * {@link dev.handoff.benchmarks.SerializationReport} runs it and prints the ratios;
 * {@link dev.handoff.benchmarks.LoadBenchmark} puts real Tomcat processes under load with Handoff,
 * Tomcat's in-memory manager and Redisson's Tomcat manager, and reports throughput, latency and
 * Redis work per request against the in-memory baseline.
 */
package dev.handoff.benchmarks;
