package org.cometserver.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The benchmark entry point: CometQL {@code INSERT INTO pipes_messages} throughput against MariaDB {@code DO 1} with
 * the same client and connection count, in the same run. Prints one line per target and round, and the ratio
 * cometql/mariadb of the median rounds; exits 1 when any query failed. Started by {@code bench/cometql-insert.sh}.
 */
public final class CometQlInsertBench {
    /** The goal: CometQL at least as fast as MariaDB's cheapest statement. */
    static final double GOAL_RATIO = 1.0;

    private CometQlInsertBench() {
    }

    public static void main(String[] args) throws InterruptedException {
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.exit(2);
            return;
        }
        System.out.printf(Locale.ROOT,
                "connections=%d pipeline=%d warm-up=%ds window=%ds rounds=%d latency sample: 1 in %d%n",
                options.connections(), options.pipelineDepth(), options.warmupSeconds(), options.durationSeconds(),
                options.rounds(), options.sampleEvery());
        LoadRun run = new LoadRun(options);
        List<TargetResult> results = new ArrayList<>();
        boolean failed = false;
        System.out.println(TargetResult.HEADER);
        // Targets alternate round by round, so load from other work on a shared machine hits both alike.
        for (int round = 0; round < options.rounds(); round++) {
            for (BenchTarget target : options.targets()) {
                try {
                    TargetResult result = run.run(target);
                    results.add(result);
                    System.out.println(result.line());
                    if (result.failed()) {
                        failed = true;
                        System.out.println("  FAILED " + result.name() + ": " + (result.problem() == null
                                ? "no query completed in the window" : result.problem()));
                    }
                } catch (IOException e) {
                    System.out.println("  FAILED " + target.name() + " at " + target.host() + ":" + target.port()
                            + ": " + e);
                    failed = true;
                }
            }
        }
        printRatio(results);
        System.exit(failed ? 1 : 0);
    }

    private static void printRatio(List<TargetResult> results) {
        double cometql = medianOpsPerSecond(results, BenchOptions.COMETQL);
        double mariadb = medianOpsPerSecond(results, BenchOptions.MARIADB);
        if (cometql == 0 || mariadb == 0) {
            return;
        }
        double ratio = cometql / mariadb;
        System.out.printf(Locale.ROOT, "ratio cometql/mariadb = %.2f (%.0f / %.0f ops/s; goal >= %.1f: %s)%n", ratio,
                cometql, mariadb, GOAL_RATIO, ratio >= GOAL_RATIO ? "met" : "NOT met");
    }

    /** Median over rounds (the lower middle for an even count), or 0 when the target has no result. */
    static double medianOpsPerSecond(List<TargetResult> results, String name) {
        double[] rates = results.stream().filter(r -> r.name().equals(name))
                .mapToDouble(TargetResult::opsPerSecond).sorted().toArray();
        return rates.length == 0 ? 0 : rates[(rates.length - 1) / 2];
    }
}
