package org.cometserver.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

/**
 * Fan-out benchmark (issue #3, acceptance 5b): {@code subscribers} WebSocket connections subscribe to one channel;
 * this JVM publishes to it and measures, on the subscribers, delivered messages per second and publish → receive
 * latency. Per target, first the time to {@code serverInfo} of its first connections ({@link FirstConnections}); then,
 * after every subscriber has received a first message and a warm-up: (1) a fixed publish rate ({@code rate}
 * messages/s, i.e. rate × subscribers deliveries/s) for latency, (2) as fast as the server delivers, with at most
 * {@code window} messages not yet received by everybody, for throughput. The comet server is published to
 * over CometQL ({@code INSERT INTO pipes_messages}) or, as kind {@code comet-ws}, over its WebSocket as a browser
 * publishes ({@code web_pipe2} to a {@code web_} channel), the references (the bare Netty server, {@link BareNettyWsServer},
 * and the minimal NIO writer, {@link MinimalWsWriter}: kinds {@code bare} and {@code minimal}) over their WebSocket;
 * the comet server's latency is printed as ratios to theirs. Started by {@code bench/ws-fanout.sh}.
 *
 * <p>A target may be a cluster (issue #12, {@code bench/cluster.sh}): subscribers spread round-robin over several
 * WebSocket ports, publications round-robin over one or more CometQL ports, server CPU summed over every node's
 * process, and Redis CPU per publication when redis-server's pid is given. {@code history=N} runs every comet target
 * a second time on a channel keeping its last N messages ({@code pipes_settings}); with several comet targets, each
 * is printed as ratios against the first one.
 *
 * <pre>
 * java -cp bench.jar org.cometserver.bench.WsFanoutBench subscribers=10000 rate=5 warmup=5 duration=10 window=4 \
 *     sample-every=10 clk-tck=100 target=comet:WSPORT:PID:COMETQLPORT target=bare:WSPORT:PID
 * java -cp bench.jar org.cometserver.bench.WsFanoutBench subscribers=3000 history=100 first-connections=0 \
 *     target=comet:WS1,WS2,WS3:PID1,PID2,PID3:QL1:3nodes:REDISPID
 * </pre>
 */
public final class WsFanoutBench {
    static final String PIPE = "bench_fanout";
    /** The channel with history ({@code history=N}). */
    static final String HISTORY_PIPE = "bench_h";
    /** Kind {@code comet-ws}'s channel: browsers publish to {@code web_*} channels only. */
    static final String WEB_PIPE = "web_bench_fanout";
    /** Issue #3's goals. */
    static final double GOAL_DELIVERED_PER_SECOND = 300_000;
    static final double GOAL_P99_MILLIS = 10;

    private static final int SYNC = 0;
    private static final int WARMUP = 1;
    private static final int LATENCY = FanoutReceiver.LATENCY_PHASE;
    private static final int THROUGHPUT = 3;
    private static final long SYNC_INTERVAL_MILLIS = 100;
    private static final long SETTLE_TIMEOUT_SECONDS = 180;
    private static final long DRAIN_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final int MAX_SUBSCRIBERS = 19_000;
    /** Sequential connections timed on the fresh server: the first against the last. */
    private static final int FIRST_CONNECTIONS = 10;
    /** Redis's own work without publications (serverCron, heartbeats, presence), measured and subtracted. */
    private static final long REDIS_IDLE_MILLIS = 2000;

    /**
     * One server or cluster: {@code KIND:WSPORT[,WSPORT...]:PID[,PID...][:QLPORT[,QLPORT...][:LABEL[:REDISPID]]]}.
     *
     * @param redisPid redis-server's pid, or 0 when the target uses none
     */
    record Target(String kind, List<Integer> wsPorts, List<Long> pids, List<Integer> cometQlPorts, String label,
                  long redisPid) {
        static Target parse(String spec) {
            String[] p = spec.split(":");
            if (p.length < 3) {
                throw new IllegalArgumentException("target: " + spec + " (expected KIND:WSPORTS:PIDS[:QLPORTS[:LABEL"
                        + "[:REDISPID]]])");
            }
            return new Target(p[0], ints(p[1]), longs(p[2]), p.length > 3 && !p[3].isEmpty() ? ints(p[3]) : List.of(),
                    p.length > 4 && !p[4].isEmpty() ? p[4] : p[0], p.length > 5 ? Long.parseLong(p[5]) : 0);
        }

        /** A comet server or cluster; "bare" (Netty) and "minimal" (the NIO floor) are the references. */
        boolean comet() {
            return !kind.equals("bare") && !kind.equals("minimal");
        }

        /**
         * Kind {@code comet-ws}: a comet server published to over the WebSocket as a browser does ({@code web_pipe2}
         * to {@link #WEB_PIPE}), the way the references are, so the fan-out is compared without the SQL publication.
         */
        boolean publishesOverWebSocket() {
            return kind.equals("comet-ws");
        }

        /** The channel its fan-out is measured on. */
        String pipe() {
            return publishesOverWebSocket() ? WEB_PIPE : PIPE;
        }

        private static List<Integer> ints(String list) {
            return Arrays.stream(list.split(",")).map(Integer::valueOf).toList();
        }

        private static List<Long> longs(String list) {
            return Arrays.stream(list.split(",")).map(Long::valueOf).toList();
        }
    }

    /**
     * What one target did on one channel: the latency phase's percentiles and the throughput phase's rates; Redis's
     * CPU per publication is NaN for a target without Redis.
     */
    private record RunFigures(String label, boolean comet, String pipe, double p50Millis, double p99Millis,
                              double p999Millis, double deliveredPerSecond, double serverMicrosPerMessage,
                              double redisMicrosPerPublication) {
    }

    private final int subscribers;
    private final int rate;
    private final int warmupSeconds;
    private final int durationSeconds;
    private final int window;
    private final int sampleEvery;
    private final int clockTicks;
    private final int firstConnections;

    private WsFanoutBench(int subscribers, int rate, int warmupSeconds, int durationSeconds, int window,
                          int sampleEvery, int clockTicks, int firstConnections) {
        this.subscribers = subscribers;
        this.rate = rate;
        this.warmupSeconds = warmupSeconds;
        this.durationSeconds = durationSeconds;
        this.window = window;
        this.sampleEvery = sampleEvery;
        this.clockTicks = clockTicks;
        this.firstConnections = firstConnections;
    }

    public static void main(String[] args) throws Exception {
        int subscribers = 10_000;
        int rate = 5;
        int warmup = 5;
        int duration = 10;
        int window = 4;
        int sampleEvery = 10;
        int clockTicks = 100;
        int history = 0;
        int firstConnections = FIRST_CONNECTIONS;
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
                case "history" -> history = bounded(key, value, 0, 1000);
                case "first-connections" -> firstConnections = bounded(key, value, 0, 1000);
                case "target" -> targets.add(Target.parse(value));
                default -> throw new IllegalArgumentException("unknown option: " + arg);
            }
        }
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("give target=comet:WSPORT:PID:COMETQLPORT and/or target=bare:WSPORT:PID");
        }
        WsFanoutBench bench = new WsFanoutBench(subscribers, rate, warmup, duration, window, sampleEvery, clockTicks,
                firstConnections);
        System.out.printf(Locale.ROOT, "subscribers=%d channel=%s latency phase: %d msg/s (%d delivered/s), "
                        + "throughput phase: window %d msgs; warm-up %d s, windows %d s; latency sample: 1 subscriber "
                        + "in %d%n", subscribers, targets.stream().map(Target::pipe).distinct()
                        .collect(Collectors.joining(",")), rate, rate * subscribers, window, warmup, duration, sampleEvery);
        if (history > 0) {
            System.out.printf(Locale.ROOT, "and channel=%s keeping its last %d messages (pipes_settings)%n",
                    HISTORY_PIPE, history);
        }
        System.out.println("target             phase       published  delivered/s   p50 ms   p99 ms p99.9 ms  max ms  "
                + "missing  server us/msg  client us/msg  redis us/pub  client GC ms");
        boolean ok = true;
        double[] delivered = new double[targets.size()];
        List<RunFigures> runs = new ArrayList<>();
        int sourceIndex = 20;
        for (int i = 0; i < targets.size(); i++) {
            Target target = targets.get(i);
            List<String> pipes = target.comet() && !target.publishesOverWebSocket() && history > 0
                    ? List.of(PIPE, HISTORY_PIPE) : List.of(target.pipe());
            for (String pipe : pipes) {
                try {
                    RunFigures figures = bench.run(target, pipe, pipe.equals(HISTORY_PIPE) ? history : 0,
                            InetAddress.getByName("127.0.0." + sourceIndex++));
                    runs.add(figures);
                    if (!pipe.equals(HISTORY_PIPE)) {
                        delivered[i] = figures.deliveredPerSecond();
                    }
                } catch (IOException e) {
                    System.out.println("  FAILED " + target.label() + " " + pipe + ": " + e);
                    ok = false;
                }
            }
        }
        int comet = indexOf(targets, "comet");
        for (String reference : List.of("bare", "minimal")) {
            int r = indexOf(targets, reference);
            if (comet >= 0 && r >= 0 && delivered[r] > 0) {
                System.out.printf(Locale.ROOT, "ratio comet/%s delivered/s (throughput phase) = %.2f%n", reference,
                        delivered[comet] / delivered[r]);
            }
        }
        printAgainstReferences(runs);
        printRatios(runs);
        System.exit(ok ? 0 : 1);
    }

    /** Latency of every comet run against the bare Netty reference and the minimal writer of the same run. */
    private static void printAgainstReferences(List<RunFigures> runs) {
        for (RunFigures comet : runs) {
            if (!comet.comet() || comet.pipe().equals(HISTORY_PIPE)) {
                continue;
            }
            for (RunFigures reference : runs) {
                if (!reference.comet() && reference.p99Millis() > 0) {
                    System.out.printf(Locale.ROOT, "latency phase %s/%s: p50 x%.2f, p99 x%.2f, p99.9 x%.2f "
                                    + "(p99 %+.2f ms)%n", comet.label(), reference.label(),
                            comet.p50Millis() / reference.p50Millis(), comet.p99Millis() / reference.p99Millis(),
                            comet.p999Millis() / reference.p999Millis(), comet.p99Millis() - reference.p99Millis());
                }
            }
        }
    }

    /** Each comet run against the first target's run on the same channel (the reference: one node, no Redis). */
    private static void printRatios(List<RunFigures> all) {
        List<RunFigures> runs = all.stream().filter(RunFigures::comet).toList();
        if (runs.stream().map(RunFigures::label).distinct().count() < 2) {
            return;
        }
        System.out.println("against the first target on the same channel (ratio x, difference +):");
        System.out.println("target             channel       p50 ms          p99 ms          delivered/s     "
                + "server us/msg      redis us/pub");
        for (RunFigures reference : runs) {
            if (!reference.label().equals(runs.get(0).label())) {
                continue;
            }
            for (RunFigures r : runs) {
                if (r == reference || !r.pipe().equals(reference.pipe())) {
                    continue;
                }
                System.out.printf(Locale.ROOT, "%-18s %-12s %s %s %s %s %8s%n", r.label(), r.pipe(),
                        compared(r.p50Millis(), reference.p50Millis(), "%+6.2f"),
                        compared(r.p99Millis(), reference.p99Millis(), "%+6.2f"),
                        compared(r.deliveredPerSecond(), reference.deliveredPerSecond(), "%+6.0f"),
                        compared(r.serverMicrosPerMessage(), reference.serverMicrosPerMessage(), "%+6.2f"),
                        Double.isNaN(r.redisMicrosPerPublication()) ? "n/a"
                                : String.format(Locale.ROOT, "%.2f", r.redisMicrosPerPublication()));
            }
        }
    }

    private static String compared(double value, double reference, String differenceFormat) {
        String ratio = reference > 0 ? String.format(Locale.ROOT, "x%.2f", value / reference) : "x n/a";
        return String.format(Locale.ROOT, "%-7s %-8s", ratio, String.format(Locale.ROOT, differenceFormat,
                value - reference));
    }

    /** Runs every phase against one target on one channel. */
    private RunFigures run(Target target, String pipe, int history, InetAddress source)
            throws IOException, InterruptedException {
        List<InetSocketAddress> wsAddresses = target.wsPorts().stream()
                .map(port -> new InetSocketAddress("127.0.0.1", port)).toList();
        if (firstConnections > 0) {
            // first, while the server is fresh (bench/ws-fanout.sh has just started it)
            FirstConnections.report(target.label(), wsAddresses.get(0), firstConnections);
        }
        long expected = (long) rate * durationSeconds * ((subscribers + sampleEvery - 1) / sampleEvery) * 11 / 10;
        FanoutReceiver receiver = new FanoutReceiver(subscribers, sampleEvery,
                (int) Math.min(LatencySamples.MAX_SAMPLES, expected));
        try (WsClientPool pool = new WsClientPool(wsAddresses, source, "subscription\n" + pipe, receiver);
             RoundRobinPublisher publisher = new RoundRobinPublisher(publishers(target, pipe, history))) {
            pool.openUpTo(subscribers);
            if (!pool.awaitSettled(SETTLE_TIMEOUT_SECONDS, TimeUnit.SECONDS) || pool.greeted() < subscribers) {
                throw new IOException(pool.greeted() + " of " + subscribers + " subscribers connected; first problem: "
                        + pool.firstProblem());
            }
            PhaseRun phases = new PhaseRun(target, pipe, receiver, publisher);
            phases.synchronize();
            phases.window(WARMUP, warmupSeconds);
            phases.drain();
            phases.measureRedisIdle();
            PhaseFigures latency = phases.fixedRate(LATENCY);
            long[] sorted = phases.report("latency", latency);
            PhaseFigures best = phases.window(THROUGHPUT, durationSeconds);
            phases.report("throughput", best);
            if (pool.closedByServer() > 0 || receiver.unparsed() > 0) {
                System.out.println("  " + target.label() + ": " + pool.closedByServer() + " subscribers closed by the "
                        + "server, " + receiver.unparsed() + " unexpected frames");
            }
            return new RunFigures(target.label(), target.comet(), pipe, LatencySamples.percentile(sorted, 0.50) / 1e6,
                    LatencySamples.percentile(sorted, 0.99) / 1e6, LatencySamples.percentile(sorted, 0.999) / 1e6,
                    best.deliveredPerSecond(),
                    best.serverMicrosPerMessage(),
                    target.redisPid() > 0 ? best.redisMicrosPerPublication() : Double.NaN);
        }
    }

    /** CometQL connections to every publishing port of a comet target (history set first), or the reference's. */
    private static List<FanoutPublisher> publishers(Target target, String pipe, int history) throws IOException {
        if (!target.comet()) {
            return List.of(new WsTextPublisher("127.0.0.1", target.wsPorts().get(0), pipe));
        }
        if (target.publishesOverWebSocket()) {
            return List.of(WsTextPublisher.webPipe("127.0.0.1", target.wsPorts().get(0), pipe));
        }
        if (target.cometQlPorts().isEmpty()) {
            throw new IllegalArgumentException("target " + target.label() + ": no CometQL port to publish on");
        }
        List<FanoutPublisher> publishers = new ArrayList<>();
        for (int port : target.cometQlPorts()) {
            CometQlPublisher publisher = new CometQlPublisher("127.0.0.1", port, pipe);
            publishers.add(publisher);
            if (history > 0 && publishers.size() == 1) {
                publisher.keepHistory(history);
            }
        }
        return publishers;
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
                                double clientMicrosPerMessage, double redisMicrosPerPublication,
                                ClientGc.Pauses clientGc) {
    }

    /** The phases against one target, sharing its publisher and receiver. */
    private final class PhaseRun {
        private final Target target;
        private final String pipe;
        private final FanoutReceiver receiver;
        private final FanoutPublisher publisher;
        private final List<ProcessCpu> serverCpu;
        private final ProcessCpu clientCpu;
        private final ProcessCpu redisCpu;
        private double redisIdleNanosPerSecond;
        private long published;
        /** The fixed-rate phase: how late the publisher was at worst (behind the previous publication's answer). */
        private long publisherLateMaxNanos;

        PhaseRun(Target target, String pipe, FanoutReceiver receiver, FanoutPublisher publisher) {
            this.target = target;
            this.pipe = pipe;
            this.receiver = receiver;
            this.publisher = publisher;
            this.serverCpu = target.pids().stream().map(pid -> new ProcessCpu(pid, clockTicks)).toList();
            this.clientCpu = new ProcessCpu(ProcessHandle.current().pid(), clockTicks);
            this.redisCpu = target.redisPid() > 0 ? new ProcessCpu(target.redisPid(), clockTicks) : null;
        }

        /**
         * Redis's CPU per second with every subscriber connected and nothing published (heartbeats, presence,
         * serverCron), subtracted from the phases' Redis CPU so that what remains is per publication.
         */
        void measureRedisIdle() throws IOException, InterruptedException {
            if (redisCpu == null) {
                return;
            }
            Thread.sleep(REDIS_IDLE_MILLIS / 2); // the last deliveries' presence and acknowledgements settle
            long before = redisCpuNanos();
            long start = System.nanoTime();
            Thread.sleep(REDIS_IDLE_MILLIS);
            redisIdleNanosPerSecond = (redisCpuNanos() - before) / ((System.nanoTime() - start) / 1e9);
            System.out.printf(Locale.ROOT, "  %s: redis-server %.0f us CPU/s with the subscribers and no publication "
                    + "(subtracted from redis us/pub)%n", target.label(), redisIdleNanosPerSecond / 1e3);
        }

        /** Sum over the target's server processes (every node of a cluster). */
        private long serverCpuNanos() throws IOException {
            long sum = 0;
            for (ProcessCpu cpu : serverCpu) {
                sum += cpu.cpuNanos();
            }
            return sum;
        }

        private long redisCpuNanos() throws IOException {
            return redisCpu == null ? 0 : redisCpu.liveThreadsCpuNanos();
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
                    // Stamped with the time it was due, not the time it left: a publisher held up by the previous
                    // statement's answer (CometQL's is read before the next statement; the references' WebSocket
                    // command has none) would otherwise hide the wait from the latency (coordinated omission).
                    long late = System.nanoTime() - next;
                    publisherLateMaxNanos = Math.max(publisherLateMaxNanos, late);
                    publish(phase, next);
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
            long serverBefore = serverCpuNanos();
            long clientBefore = clientCpu.cpuNanos();
            long redisBefore = redisCpuNanos();
            ClientGc.Pauses gcBefore = ClientGc.now();
            long start = System.nanoTime();
            publishing.run();
            double elapsed = (System.nanoTime() - start) / 1e9;
            long delivered = receiver.totalReceipts() - receiptsBefore;
            double serverMicros = (serverCpuNanos() - serverBefore) / 1e3 / Math.max(1, delivered);
            double clientMicros = (clientCpu.cpuNanos() - clientBefore) / 1e3 / Math.max(1, delivered);
            double redisMicros = Math.max(0, redisCpuNanos() - redisBefore - redisIdleNanosPerSecond * elapsed) / 1e3
                    / Math.max(1, published - publishedBefore);
            ClientGc.Pauses gc = ClientGc.now().since(gcBefore);
            drain();
            return new PhaseFigures(phase, published - publishedBefore, delivered / Math.max(elapsed, 1e-9),
                    serverMicros, clientMicros, redisMicros, gc);
        }

        /** Waits (bounded) until every published message reached every subscriber. */
        void drain() throws InterruptedException {
            long deadline = System.nanoTime() + DRAIN_TIMEOUT_NANOS;
            while (receiver.totalReceipts() < published * subscribers && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
        }

        /** Prints one phase's line; returns its sorted latency samples. */
        long[] report(String name, PhaseFigures f) {
            long[] sorted = FanoutReceiver.sorted(receiver.samples(f.phase()));
            long missing = f.published() * subscribers - receiver.receipts(f.phase());
            String label = pipe.equals(PIPE) ? target.label() : target.label() + " " + pipe;
            System.out.printf(Locale.ROOT, "%-18s %-10s %10d %12.0f %8.2f %8.2f %8.2f %7.2f %8d %14.2f %14.2f %13s "
                            + "%13s%n", label, name, f.published(), f.deliveredPerSecond(),
                    LatencySamples.percentile(sorted, 0.50) / 1e6, LatencySamples.percentile(sorted, 0.99) / 1e6,
                    LatencySamples.percentile(sorted, 0.999) / 1e6,
                    sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6, missing, f.serverMicrosPerMessage(),
                    f.clientMicrosPerMessage(), redisCpu == null ? "n/a"
                            : String.format(Locale.ROOT, "%.2f", f.redisMicrosPerPublication()), f.clientGc());
            if (f.phase() == LATENCY) {
                System.out.printf(Locale.ROOT, "  %s: publisher at most %.2f ms behind its schedule (latency counted "
                        + "from the due time)%n", label, publisherLateMaxNanos / 1e6);
            }
            if (target.kind().equals("comet") && f.phase() == LATENCY) {
                double p99 = LatencySamples.percentile(sorted, 0.99) / 1e6;
                System.out.printf(Locale.ROOT, "  goal p99 <= %.0f ms at %d delivered/s: %s%n", GOAL_P99_MILLIS,
                        rate * subscribers, p99 <= GOAL_P99_MILLIS && missing == 0 ? "met" : "NOT met");
            }
            if (target.kind().equals("comet") && f.phase() == THROUGHPUT) {
                System.out.printf(Locale.ROOT, "  goal >= %.0f delivered/s: %s%n", GOAL_DELIVERED_PER_SECOND,
                        f.deliveredPerSecond() >= GOAL_DELIVERED_PER_SECOND ? "met" : "NOT met");
            }
            return sorted;
        }

        private void publish(int phase) throws IOException {
            publish(phase, System.nanoTime());
        }

        private void publish(int phase, long stampNanos) throws IOException {
            published++;
            publisher.publish(FanoutReceiver.message(phase, stampNanos));
        }
    }

    /** A phase's publishing loop. */
    @FunctionalInterface
    private interface Publishing {
        void run() throws IOException, InterruptedException;
    }
}
