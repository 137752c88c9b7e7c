/**
 * Benchmarks of Handoff. {@link dev.handoff.benchmarks.SerializationBenchmark} (JMH) measures the
 * serialization of a realistic session with Kryo and JDK serialization;
 * {@link dev.handoff.benchmarks.SerializationReport} runs it and prints the ratios.
 * {@link dev.handoff.benchmarks.BenchLoad} ({@code bin/bench-load}) runs three parts: the load
 * benchmark ({@link dev.handoff.benchmarks.LoadBenchmark}: real Tomcat processes under load with
 * Handoff, Tomcat's in-memory manager and Redisson's Tomcat manager; throughput, latency and Redis
 * work per request against the in-memory baseline), the footprint benchmark (Redis memory and
 * traffic of the realistic session, Handoff against Redisson's manager) and the scale benchmark (a
 * million sessions in a local Redis Cluster; the expiry sweep's cost against the number of expired
 * sessions).
 */
package dev.handoff.benchmarks;
