package org.cometserver.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Fan-out benchmark (issue #3, acceptance 5b): {@code subscribers} WebSocket connections subscribe to one channel;
 * this JVM publishes to it and measures, on the subscribers, delivered messages per second and publish → receive
 * latency. Per target, first the time to {@code serverInfo} of its first connections ({@link FirstConnections}); then,
 * after every subscriber has received a first message and a warm-up: (1) a fixed publish rate ({@code rate}
 * messages/s, i.e. rate × subscribers deliveries/s) for latency, (2) as fast as the server delivers, with at most
 * {@code window} messages not yet received by everybody, for throughput. The comet server is published to
 * over CometQL ({@code INSERT INTO pipes_messages}), the bare Netty reference over its WebSocket. Started by
 * {@code bench/ws-fanout.sh}.
 *
 * <pre>
 * java -cp bench.jar org.cometserver.bench.WsFanoutBench subscribers=10000 rate=5 warmup=5 duration=10 window=4 \
 *     sample-every=10 clk-tck=100 target=comet:WSPORT:PID:COMETQLPORT target=bare:WSPORT:PID
 * </pre>
 */
public final class WsFanoutBench {
    static final String PIPE = "bench_fanout";
    /** Issue #3's goals. */
    static final double GOAL_DELIVERED_PER_SECOND = 300_000;
    static final double GOAL_P99_MILLIS = 10;

    private static final int SYNC = 0;
    private static final int WARMUP = 1;
    private static final int LATENCY = 2;
    private static final int THROUGHPUT = 3;
    private static final long SYNC_INTERVAL_MILLIS = 100;
    private static final long SETTLE_TIMEOUT_SECONDS = 180;
    private static final long DRAIN_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final int MAX_SUBSCRIBERS = 19_000;
    /** Sequential connections timed on the fresh server: the first against the last. */
    private static final int FIRST_CONNECTIONS = 10;

    private record Target(String kind, int wsPort, long pid, int cometQlPort) {
    }

    private final int subscribers;
    private final int rate;
    private final int warmupSeconds;
    private final int durationSeconds;
    private final int window;
    private final int sampleEvery;
    private final int clockTicks;

    private WsFanoutBench(int subscribers, int rate, int warmupSeconds, int durationSeconds, int window,
                          int sampleEvery, int clockTicks) {
        this.subscribers = subscribers;
        this.rate = rate;
        this.warmupSeconds = warmupSeconds;
        this.durationSeconds = durationSeconds;
        this.window = window;
        this.sampleEvery = sampleEvery;
        this.clockTicks = clockTicks;
    }

    public static void main(String[] args) throws Exception {
        int subscribers = 10_000;
        int rate = 5;
        int warmup = 5;
        int duration = 10;
        int window = 4;
        int sampleEvery = 10;
        int clockTicks = 100;
        List<Target> targets = new ArrayList<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            String key = eq < 0 ? arg : arg.substring(0, eq);
            String value = eq < 0 ? "" : arg.substring(eq + 1);
            switch (key) {
                case "subscribers" -> subscribers = bounded(key, value, 1, MAX_SUBSCRIBERS);
                case "rate" -> rate = bounded(key, value, 1, 100_000);
                case "warmup" -> warmup = bounded(key, value, 0, 3600);
                case "duration" -> duration = bounded(key, value, 1, 3600);
                case "window" -> window = bounded(key, value, 1, 1000);
                case "sample-every" -> sampleEvery = bounded(key, value, 1, MAX_SUBSCRIBERS);
                case "clk-tck" -> clockTicks = bounded(key, value, 1, 1_000_000);
                case "target" -> {
                    String[] p = value.split(":");
                    targets.add(new Target(p[0], Integer.parseInt(p[1]), Long.parseLong(p[2]),
                            p.length > 3 ? Integer.parseInt(p[3]) : 0));
                }
                default -> throw new IllegalArgumentException("unknown option: " + arg);
            }
        }
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("give target=comet:WSPORT:PID:COMETQLPORT and/or target=bare:WSPORT:PID");
        }
        WsFanoutBench bench = new WsFanoutBench(subscribers, rate, warmup, duration, window, sampleEvery, clockTicks);
        System.out.printf(Locale.ROOT, "subscribers=%d channel=%s latency phase: %d msg/s (%d delivered/s), "
                        + "throughput phase: window %d msgs; warm-up %d s, windows %d s; latency sample: 1 subscriber "
                        + "in %d%n", subscribers, PIPE, rate, rate * subscribers, window, warmup, duration, sampleEvery);
        System.out.println("target phase       published  delivered/s   p50 ms   p99 ms  max ms  missing  "
                + "server us/msg  client us/msg");
        boolean ok = true;
        double[] delivered = new double[targets.size()];
        for (int i = 0; i < targets.size(); i++) {
            try {
                delivered[i] = bench.run(targets.get(i), InetAddress.getByName("127.0.0." + (20 + i)));
            } catch (IOException e) {
                System.out.println("  FAILED " + targets.get(i).kind() + ": " + e);
                ok = false;
            }
        }
        int comet = indexOf(targets, "comet");
        int bare = indexOf(targets, "bare");
        if (comet >= 0 && bare >= 0 && delivered[bare] > 0) {
            System.out.printf(Locale.ROOT, "ratio comet/bare delivered/s (throughput phase) = %.2f%n",
                    delivered[comet] / delivered[bare]);
        }
        System.exit(ok ? 0 : 1);
    }

    /** Runs every phase against one target; returns its throughput-phase deliveries per second. */
    private double run(Target target, InetAddress source) throws IOException, InterruptedException {
        // first, while the server is fresh (bench/ws-fanout.sh has just started it)
        FirstConnections.report(target.kind(), new InetSocketAddress("127.0.0.1", target.wsPort()), FIRST_CONNECTIONS);
        FanoutReceiver receiver = new FanoutReceiver(subscribers, sampleEvery);
        try (WsClientPool pool = new WsClientPool(new InetSocketAddress("127.0.0.1", target.wsPort()), source,
                "subscription\n" + PIPE, receiver);
             FanoutPublisher publisher = target.kind().equals("comet")
                     ? new CometQlPublisher("127.0.0.1", target.cometQlPort(), PIPE)
                     : new WsTextPublisher("127.0.0.1", target.wsPort(), PIPE)) {
            pool.openUpTo(subscribers);
            if (!pool.awaitSettled(SETTLE_TIMEOUT_SECONDS, TimeUnit.SECONDS) || pool.greeted() < subscribers) {
                throw new IOException(pool.greeted() + " of " + subscribers + " subscribers connected; first problem: "
                        + pool.firstProblem());
            }
            PhaseRun phases = new PhaseRun(target, receiver, publisher);
            phases.synchronize();
            phases.window(WARMUP, warmupSeconds);
            phases.drain();
            phases.report("latency", phases.fixedRate(LATENCY));
            PhaseFigures best = phases.window(THROUGHPUT, durationSeconds);
            phases.report("throughput", best);
            if (pool.closedByServer() > 0 || receiver.unparsed() > 0) {
                System.out.println("  " + target.kind() + ": " + pool.closedByServer() + " subscribers closed by the "
                        + "server, " + receiver.unparsed() + " unexpected frames");
            }
            return best.deliveredPerSecond();
        }
    }

    private static int indexOf(List<Target> targets, String kind) {
        for (int i = 0; i < targets.size(); i++) {
            if (targets.get(i).kind().equals(kind)) {
                return i;
            }
        }
        return -1;
    }

    private static int bounded(String key, String value, int min, int max) {
        int v = Integer.parseInt(value);
        if (v < min || v > max) {
            throw new IllegalArgumentException(key + ": " + v + " (expected: " + min + ".." + max + ")");
        }
        return v;
    }

    /** What one measured phase produced. */
    private record PhaseFigures(int phase, long published, double deliveredPerSecond, double serverMicrosPerMessage,
                                double clientMicrosPerMessage) {
    }

    /** The phases against one target, sharing its publisher and receiver. */
    private final class PhaseRun {
        private final Target target;
        private final FanoutReceiver receiver;
        private final FanoutPublisher publisher;
        private final ProcessCpu serverCpu;
        private final ProcessCpu clientCpu;
        private long published;

        PhaseRun(Target target, FanoutReceiver receiver, FanoutPublisher publisher) {
            this.target = target;
            this.receiver = receiver;
            this.publisher = publisher;
            this.serverCpu = new ProcessCpu(target.pid(), clockTicks);
            this.clientCpu = new ProcessCpu(ProcessHandle.current().pid(), clockTicks);
        }

        /** Publishes until every subscriber got a message: subscriptions have no acknowledgement (§3.4). */
        void synchronize() throws IOException, InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SETTLE_TIMEOUT_SECONDS);
            while (receiver.subscribersReached() < subscribers) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("only " + receiver.subscribersReached() + " of " + subscribers
                            + " subscribers received a message");
                }
                publish(SYNC);
                Thread.sleep(SYNC_INTERVAL_MILLIS);
            }
            drain();
        }

        PhaseFigures fixedRate(int phase) throws IOException, InterruptedException {
            return measure(phase, durationSeconds, () -> {
                long start = System.nanoTime();
                long interval = TimeUnit.SECONDS.toNanos(1) / rate;
                long end = start + TimeUnit.SECONDS.toNanos(durationSeconds);
                for (long next = start; next < end; next += interval) {
                    LockSupport.parkNanos(next - System.nanoTime());
                    publish(phase);
                }
            });
        }

        /** Publishes as fast as deliveries allow, keeping at most {@code window} messages not yet everywhere. */
        PhaseFigures window(int phase, int seconds) throws IOException, InterruptedException {
            return measure(phase, seconds, () -> {
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
                while (System.nanoTime() < end) {
                    if (published - receiver.totalReceipts() / subscribers < window) {
                        publish(phase);
                    } else {
                        LockSupport.parkNanos(20_000);
                    }
                }
            });
        }

        private PhaseFigures measure(int phase, int seconds, Publishing publishing)
                throws IOException, InterruptedException {
            long publishedBefore = published;
            long receiptsBefore = receiver.totalReceipts();
            long serverBefore = serverCpu.cpuNanos();
            long clientBefore = clientCpu.cpuNanos();
            long start = System.nanoTime();
            publishing.run();
            double elapsed = (System.nanoTime() - start) / 1e9;
            long delivered = receiver.totalReceipts() - receiptsBefore;
            double serverMicros = (serverCpu.cpuNanos() - serverBefore) / 1e3 / Math.max(1, delivered);
            double clientMicros = (clientCpu.cpuNanos() - clientBefore) / 1e3 / Math.max(1, delivered);
            drain();
            return new PhaseFigures(phase, published - publishedBefore, delivered / Math.max(elapsed, 1e-9),
                    serverMicros, clientMicros);
        }

        /** Waits (bounded) until every published message reached every subscriber. */
        void drain() throws InterruptedException {
            long deadline = System.nanoTime() + DRAIN_TIMEOUT_NANOS;
            while (receiver.totalReceipts() < published * subscribers && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
        }

        void report(String name, PhaseFigures f) {
            long[] sorted = FanoutReceiver.sorted(receiver.samples(f.phase()));
            long missing = f.published() * subscribers - receiver.receipts(f.phase());
            System.out.printf(Locale.ROOT, "%-6s %-10s %10d %12.0f %8.2f %8.2f %7.2f %8d %14.2f %14.2f%n",
                    target.kind(), name, f.published(), f.deliveredPerSecond(),
                    LatencySamples.percentile(sorted, 0.50) / 1e6, LatencySamples.percentile(sorted, 0.99) / 1e6,
                    sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6, missing, f.serverMicrosPerMessage(),
                    f.clientMicrosPerMessage());
            if (target.kind().equals("comet") && f.phase() == LATENCY) {
                double p99 = LatencySamples.percentile(sorted, 0.99) / 1e6;
                System.out.printf(Locale.ROOT, "  goal p99 <= %.0f ms at %d delivered/s: %s%n", GOAL_P99_MILLIS,
                        rate * subscribers, p99 <= GOAL_P99_MILLIS && missing == 0 ? "met" : "NOT met");
            }
            if (target.kind().equals("comet") && f.phase() == THROUGHPUT) {
                System.out.printf(Locale.ROOT, "  goal >= %.0f delivered/s: %s%n", GOAL_DELIVERED_PER_SECOND,
                        f.deliveredPerSecond() >= GOAL_DELIVERED_PER_SECOND ? "met" : "NOT met");
            }
        }

        private void publish(int phase) throws IOException {
            published++;
            publisher.publish(FanoutReceiver.message(phase, System.nanoTime()));
        }
    }

    /** A phase's publishing loop. */
    @FunctionalInterface
    private interface Publishing {
        void run() throws IOException, InterruptedException;
    }
}
