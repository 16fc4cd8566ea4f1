package org.cometserver.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Command-line options, given as {@code key=value} arguments. A target runs when its {@code <name>.port} is given;
 * the other {@code <name>.*} keys default to what the benchmark script sets up.
 *
 * <pre>
 * connections=8 warmup=3 duration=10 pipeline=1 sample-every=8 clk-tck=100 rounds=1
 * cometql.port=N [cometql.host= cometql.user= cometql.password= cometql.database= cometql.pid= cometql.sql=]
 * mariadb.port=N [mariadb.host= ... the same keys]
 * </pre>
 */
record BenchOptions(int connections, int warmupSeconds, int durationSeconds, int pipelineDepth, int sampleEvery,
                    int clockTicksPerSecond, int rounds, List<BenchTarget> targets) {

    static final String COMETQL = "cometql";
    static final String MARIADB = "mariadb";
    static final String COMETQL_INSERT =
            "INSERT INTO pipes_messages (name, event, message) VALUES (\"bench_pipe\", \"bench\", \"hello\")";
    static final String MARIADB_DO = "DO 1";

    private static final Set<String> TARGET_KEYS = Set.of("host", "port", "user", "password", "database", "pid", "sql");
    private static final Set<String> GLOBAL_KEYS =
            Set.of("connections", "warmup", "duration", "pipeline", "sample-every", "clk-tck", "rounds");
    /** Limits that keep a typo from starting thousands of threads or an hour-long run. */
    private static final int MAX_CONNECTIONS = 512;
    private static final int MAX_SECONDS = 3600;
    private static final int MAX_PIPELINE = 256;
    private static final int MAX_ROUNDS = 100;

    static BenchOptions parse(String... args) {
        Map<String, String> values = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("expected key=value, got: " + arg);
            }
            String key = arg.substring(0, eq);
            if (!GLOBAL_KEYS.contains(key) && !isTargetKey(key)) {
                throw new IllegalArgumentException("unknown option: " + key);
            }
            values.put(key, arg.substring(eq + 1));
        }
        List<BenchTarget> targets = new ArrayList<>();
        addTarget(targets, values, COMETQL, "root", "CometQLPassword", "CometQL_v1", COMETQL_INSERT);
        addTarget(targets, values, MARIADB, "root", "", null, MARIADB_DO);
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("no target: give cometql.port=N and/or mariadb.port=N");
        }
        return new BenchOptions(intValue(values, "connections", 8, 1, MAX_CONNECTIONS),
                intValue(values, "warmup", 3, 0, MAX_SECONDS), intValue(values, "duration", 10, 1, MAX_SECONDS),
                intValue(values, "pipeline", 1, 1, MAX_PIPELINE),
                intValue(values, "sample-every", 8, 1, Integer.MAX_VALUE),
                intValue(values, "clk-tck", 100, 1, 1_000_000), intValue(values, "rounds", 1, 1, MAX_ROUNDS), targets);
    }

    private static boolean isTargetKey(String key) {
        int dot = key.indexOf('.');
        return dot > 0 && Set.of(COMETQL, MARIADB).contains(key.substring(0, dot))
                && TARGET_KEYS.contains(key.substring(dot + 1));
    }

    private static void addTarget(List<BenchTarget> targets, Map<String, String> values, String name, String user,
                                  String password, String database, String sql) {
        String prefix = name + ".";
        if (!values.containsKey(prefix + "port")) {
            return;
        }
        String db = values.getOrDefault(prefix + "database", database);
        targets.add(new BenchTarget(name, values.getOrDefault(prefix + "host", "127.0.0.1"),
                intValue(values, prefix + "port", 0, 1, 65535), values.getOrDefault(prefix + "user", user),
                values.getOrDefault(prefix + "password", password), db == null || db.isEmpty() ? null : db,
                values.getOrDefault(prefix + "sql", sql), intValue(values, prefix + "pid", 0, 0, Integer.MAX_VALUE)));
    }

    private static int intValue(Map<String, String> values, String key, int fallback, int min, int max) {
        String text = values.get(key);
        if (text == null || text.isEmpty()) {
            return fallback;
        }
        int value;
        try {
            value = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": not a number: " + text);
        }
        if (value < min || value > max) {
            throw new IllegalArgumentException(key + ": " + value + " (expected: " + min + ".." + max + ")");
        }
        return value;
    }
}
