/**
 * The benchmark harness behind {@code ./nyckeln bench}: starts a fresh embedded PostgreSQL and WildFly with
 * the launcher classes, runs each {@link se.nyckeln.bench.BenchmarkScenario} against the real server and
 * writes {@code docs/benchmarks.md}. Every figure stands beside a physical baseline measured in the same run
 * on the same data (reliability.md §9): goals are ratios, because absolute numbers on a shared 2-core machine
 * say little.
 */
package se.nyckeln.bench;
