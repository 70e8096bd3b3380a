package se.nyckeln.bench;

import java.util.List;

/**
 * One benchmark scenario. Later issues add theirs by implementing this and listing it in
 * {@link Benchmarks#SCENARIOS}; the harness starts the server once and runs them in that order.
 */
public interface BenchmarkScenario {

    /** Short title, the report's section heading. */
    String name();

    /** A paragraph for the report: what the application does, what the baseline does, and the method. */
    String method();

    /**
     * Runs the scenario. A scenario that cannot measure something (e.g. the endpoint is not built yet)
     * returns {@link ResultRow#notAvailable} lines instead of throwing, so the other scenarios still run.
     */
    List<ResultRow> run(BenchContext context) throws Exception;
}
