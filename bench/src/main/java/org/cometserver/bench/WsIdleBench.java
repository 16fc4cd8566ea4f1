package org.cometserver.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Idle-connection benchmark (issue #3, acceptance 5a): raises the connections held by every server process step by
 * step ({@code steps}, per process) with one {@link WsIdleClient} process per server, each from its own source
 * address 127.0.0.(2+i), once every server is idle (a server may finish its start in the background after opening its
 * ports: its RSS "before" is read at rest); after each step runs a full GC in every server and reads its VmRSS; prints the RSS growth per
 * connection per process (total since the empty server, and marginal since the previous step) and the ratio of the
 * comet servers' figure to the bare Netty reference's; at the end holds every connection {@code hold} seconds and
 * counts what survived. Started by {@code bench/ws-idle.sh}, which starts the servers.
 * With {@code gc=0} no GC is forced: the RSS read is what {@code ps} shows a user (issue #13's figure); with
 * {@code subscribe=<pipe>} every connection subscribes to that pipe once greeted.
 *
 * <pre>
 * java -cp bench.jar org.cometserver.bench.WsIdleBench jar=bench.jar steps=1000,5000,10000,18000 hold=10 settle=2 \
 *     [gc=1] [subscribe=pipe] target=comet:PORT:PID ... target=bare:PORT:PID
 * </pre>
 */
public final class WsIdleBench {
    /** Issue #3's goal: this many idle connections in all ... */
    static final int GOAL_CONNECTIONS = 200_000;
    /** ... at no more than this much RSS each. */
    static final double GOAL_KIB_PER_CONNECTION = 4.0;
    /** Issue #13's goal: RSS after − RSS before per connection from a fresh process, at every step (CppComet 3.68) ... */
    static final double FRESH_GOAL_KIB_PER_CONNECTION = 3.7;
    /** ... and the whole process at 19,000 connections within 1.5× CppComet's 127 MB. */
    static final double FRESH_GOAL_TOTAL_MIB = 190;
    static final int FRESH_GOAL_CONNECTIONS = 19_000;
    /** Stays under the 20,000 open files a process may hold here, with room for the JVM's own. */
    static final int MAX_PER_PROCESS = 19_500;
    /** A started server counts as idle below this share of a core (10 ms per second: the 100 Hz tick) ... */
    private static final double IDLE_CPU_SHARE = 0.02;
    /** ... for this many seconds in a row, waited for at most ... */
    private static final int IDLE_SECONDS = 3;
    /** ... this long. */
    private static final int MAX_START_SECONDS = 300;
    /** At most this long for a server to be at rest again after a step (then it is read anyway). */
    private static final int MAX_SETTLE_SECONDS = 60;
    private static final int CLOCK_TICKS = 100;
    static final String COMET = "comet";
    static final String BARE = "bare";

    /** One server process and the client process that loads it. */
    private record Target(String kind, int port, long pid, String source) {
    }

    /** A started {@link WsIdleClient} and its command pipes. */
    private record Client(Process process, PrintWriter commands, BufferedReader answers) {
        void send(String line) {
            commands.println(line);
        }

        /** The next {@code ready ...} answer; a client that exited answers an empty line. */
        String readReady() throws IOException {
            String line = answers.readLine();
            return line == null ? "" : line;
        }
    }

    private final boolean forceGc;
    private final String subscribe;

    private WsIdleBench(boolean forceGc, String subscribe) {
        this.forceGc = forceGc;
        this.subscribe = subscribe;
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        String jar = null;
        int[] steps = {1000, 5000, 10000, 18000};
        int holdSeconds = 10;
        int settleSeconds = 2;
        boolean forceGc = true;
        String subscribe = null;
        List<Target> targets = new ArrayList<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            String key = eq < 0 ? arg : arg.substring(0, eq);
            String value = eq < 0 ? "" : arg.substring(eq + 1);
            switch (key) {
                case "jar" -> jar = value;
                case "steps" -> steps = Arrays.stream(value.split(",")).mapToInt(Integer::parseInt).toArray();
                case "hold" -> holdSeconds = Integer.parseInt(value);
                case "settle" -> settleSeconds = Integer.parseInt(value);
                case "gc" -> forceGc = !value.equals("0");
                case "subscribe" -> subscribe = value;
                case "target" -> {
                    String[] parts = value.split(":");
                    targets.add(new Target(parts[0], Integer.parseInt(parts[1]), Long.parseLong(parts[2]),
                            "127.0.0." + (2 + targets.size())));
                }
                default -> throw new IllegalArgumentException("unknown option: " + arg);
            }
        }
        if (jar == null || targets.isEmpty() || targets.size() > 250
                || Arrays.stream(steps).anyMatch(s -> s < 1 || s > MAX_PER_PROCESS)) {
            System.err.println("usage: jar=<bench jar> target=<comet|bare>:<port>:<pid>... (at most 250)"
                    + " [steps=<per process, each 1.." + MAX_PER_PROCESS + ">] [hold=s] [settle=s] [gc=1|0]"
                    + " [subscribe=<pipe>]");
            System.exit(2);
        }
        System.exit(new WsIdleBench(forceGc, subscribe).run(jar, targets, steps, holdSeconds, settleSeconds) ? 0 : 1);
    }

    private boolean run(String jar, List<Target> targets, int[] steps, int holdSeconds, int settleSeconds)
            throws IOException, InterruptedException {
        List<Client> clients = new ArrayList<>();
        try {
            for (Target t : targets) {
                clients.add(startClient(jar, t));
            }
            long[] emptyKiB = new long[targets.size()];
            // after the first step: what later connections cost without the one-time costs of the first ones
            long[] firstStepKiB = new long[targets.size()];
            int[] firstStepConnections = new int[targets.size()];
            long[] previousKiB = new long[targets.size()];
            int[] previousConnections = new int[targets.size()];
            long[] waitedSeconds = new long[targets.size()];
            for (int i = 0; i < targets.size(); i++) {
                // "before" is the started server at rest, not one still finishing its start in the background
                waitedSeconds[i] = new ProcessCpu(targets.get(i).pid(), CLOCK_TICKS).awaitQuiet(IDLE_CPU_SHARE,
                        IDLE_SECONDS, MAX_START_SECONDS);
            }
            Thread.sleep(settleSeconds * 1000L);
            for (int i = 0; i < targets.size(); i++) {
                long waited = waitedSeconds[i];
                readyToRead(targets.get(i));
                emptyKiB[i] = ProcessMemory.residentKiB(targets.get(i).pid());
                previousKiB[i] = emptyKiB[i];
                System.out.printf(Locale.ROOT, "%s:%d idle after %d s: RSS before %.1f MiB%n",
                        targets.get(i).kind(), targets.get(i).port(), waited, emptyKiB[i] / 1024.0);
            }
            System.out.println("processes: " + targets.stream().filter(t -> t.kind().equals(COMET)).count()
                    + " comet, " + targets.stream().filter(t -> t.kind().equals(BARE)).count() + " bare netty; RSS "
                    + (forceGc ? "after a full GC forced with jcmd" : "as ps shows it (no GC forced)")
                    + (subscribe == null ? "" : "; every connection subscribed to " + subscribe));
            System.out.println("step/proc target  port     conns  RSS MiB  KiB/conn total  KiB/conn marginal");
            boolean ok = true;
            int[] held = new int[targets.size()];
            for (int step : steps) {
                long started = System.nanoTime();
                for (Client client : clients) {
                    client.send("open " + step);
                }
                for (int i = 0; i < targets.size(); i++) {
                    held[i] = heldConnections(targets.get(i), clients.get(i).readReady(), step);
                    ok &= held[i] == step;
                }
                double seconds = (System.nanoTime() - started) / 1e9;
                // read at rest, as "before" is: not while the JIT still compiles what the connections ran, and a
                // settle later (the JVM gives freed native memory back every TrimNativeHeapInterval)
                for (Target t : targets) {
                    new ProcessCpu(t.pid(), CLOCK_TICKS).awaitQuiet(IDLE_CPU_SHARE, IDLE_SECONDS, MAX_SETTLE_SECONDS);
                }
                Thread.sleep(settleSeconds * 1000L);
                StepTotals comet = new StepTotals();
                StepTotals bare = new StepTotals();
                for (int i = 0; i < targets.size(); i++) {
                    Target t = targets.get(i);
                    readyToRead(t);
                    long kib = ProcessMemory.residentKiB(t.pid());
                    double total = held[i] == 0 ? 0 : (double) (kib - emptyKiB[i]) / held[i];
                    int added = held[i] - previousConnections[i];
                    double marginal = added <= 0 ? 0 : (double) (kib - previousKiB[i]) / added;
                    System.out.printf(Locale.ROOT, "%9d %-6s %5d %9d %8.1f %15.2f %18.2f%s%n", step, t.kind(),
                            t.port(), held[i], kib / 1024.0, total, marginal, freshGoal(t, held[i], kib, total));
                    if (step == steps[0]) {
                        firstStepKiB[i] = kib;
                        firstStepConnections[i] = held[i];
                    }
                    (t.kind().equals(COMET) ? comet : bare).add(held[i], kib - emptyKiB[i], total,
                            held[i] - firstStepConnections[i], kib - firstStepKiB[i]);
                    previousKiB[i] = kib;
                    previousConnections[i] = held[i];
                }
                System.out.printf(Locale.ROOT, "step %d/proc done in %.1f s: %s%s%s%n", step, seconds,
                        comet.describe(COMET), bare.describe(BARE), ratio(comet, bare));
                if (step == steps[steps.length - 1]) {
                    printGoal(comet.processes > 0 ? comet : bare, comet.processes > 0 ? COMET : BARE);
                }
            }
            Thread.sleep(holdSeconds * 1000L);
            int stillHeld = 0;
            int expected = 0;
            for (int i = 0; i < targets.size(); i++) {
                clients.get(i).send("status");
                stillHeld += heldConnections(targets.get(i), clients.get(i).readReady(), held[i]);
                expected += held[i];
                // what the connections cost once held for a while (the JVM gives compiler memory back on its own)
                Target t = targets.get(i);
                readyToRead(t);
                long kib = ProcessMemory.residentKiB(t.pid());
                System.out.printf(Locale.ROOT, "after holding %d s: %s %d: RSS %.1f MiB, %.2f KiB/conn%n", holdSeconds,
                        t.kind(), t.port(), kib / 1024.0, held[i] == 0 ? 0 : (double) (kib - emptyKiB[i]) / held[i]);
            }
            System.out.printf(Locale.ROOT, "after holding %d s: %d of %d connections still open%n", holdSeconds,
                    stillHeld, expected);
            return ok && stillHeld == expected;
        } finally {
            for (Client client : clients) {
                client.process().destroy();
            }
        }
    }

    /**
     * A missed goal is a finding to report, not a failed run. The cost per connection is judged beyond the first step:
     * the first connections of a process also pay its one-time costs (JIT-compiled code, buffer pool chunks, classes),
     * which the total since the empty server spreads over however many connections the run happens to open.
     */
    private static void printGoal(StepTotals totals, String kind) {
        double perConnection = totals.kibPerConnectionBeyondFirstStep();
        boolean met = totals.connections >= GOAL_CONNECTIONS && perConnection > 0
                && perConnection <= GOAL_KIB_PER_CONNECTION;
        System.out.printf(Locale.ROOT, "goal (%s): >= %d idle connections at <= %.0f KiB each: %d at %.2f KiB each"
                        + " beyond the first step (%.2f KiB including one-time costs): %s%n", kind, GOAL_CONNECTIONS,
                GOAL_KIB_PER_CONNECTION, totals.connections, perConnection, totals.kibPerConnection(),
                met ? "met" : "NOT met");
    }

    /** Issue #13's verdict for a comet process: per connection since its fresh start, and its whole RSS at 19,000. */
    private static String freshGoal(Target t, int held, long kib, double kibPerConnection) {
        if (!t.kind().equals(COMET) || held == 0) {
            return "";
        }
        boolean met = kibPerConnection <= FRESH_GOAL_KIB_PER_CONNECTION
                && (held < FRESH_GOAL_CONNECTIONS || kib / 1024.0 <= FRESH_GOAL_TOTAL_MIB);
        return String.format(Locale.ROOT, "  #13 (<= %.1f KiB/conn%s): %s", FRESH_GOAL_KIB_PER_CONNECTION,
                held < FRESH_GOAL_CONNECTIONS ? "" : String.format(Locale.ROOT, ", <= %.0f MiB", FRESH_GOAL_TOTAL_MIB),
                met ? "met" : "NOT met");
    }

    /** Forces a full GC in the server first when asked to; a GC that failed is reported, the RSS read anyway. */
    private void readyToRead(Target t) throws IOException, InterruptedException {
        if (forceGc && !ProcessMemory.fullGc(t.pid())) {
            System.out.println("  " + t.kind() + ":" + t.port() + ": jcmd GC.run failed");
        }
    }

    private static String ratio(StepTotals comet, StepTotals bare) {
        if (comet.processes == 0 || bare.processes == 0 || bare.kibPerConnection() <= 0) {
            return "";
        }
        return String.format(Locale.ROOT, "; ratio comet/bare = %.2f",
                comet.kibPerConnection() / bare.kibPerConnection());
    }

    private Client startClient(String jar, Target t) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        // One JIT tier and a small heap: the client shares two cores with the servers it loads.
        List<String> command = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Xms32m", "-Xmx256m", "-cp", jar, WsIdleClient.class.getName(), "port=" + t.port(),
                "source=" + t.source()));
        if (subscribe != null) {
            command.add("subscribe=" + subscribe);
        }
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        return new Client(process, new PrintWriter(process.getOutputStream(), true, StandardCharsets.US_ASCII),
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII)));
    }

    /** Connections greeted and still open according to {@code ready <greeted> <closed> <failed> [problem]}. */
    private static int heldConnections(Target t, String ready, int requested) {
        String[] parts = ready.split(" ", 5);
        if (parts.length < 4 || !parts[0].equals("ready")) {
            System.out.println("  " + t.kind() + ":" + t.port() + " client answered: " + ready);
            return 0;
        }
        int open = Integer.parseInt(parts[1]) - Integer.parseInt(parts[2]);
        if (open != requested) {
            System.out.println("  " + t.kind() + ":" + t.port() + " holds " + open + " of " + requested + " (closed "
                    + parts[2] + ", failed " + parts[3] + (parts.length > 4 ? ", first: " + parts[4] : "") + ")");
        }
        return open;
    }

    /** Sums over the processes of one kind at one step. */
    private static final class StepTotals {
        int processes;
        long connections;
        long growthKiB;
        double worstKiBPerConnection;
        long connectionsBeyondFirstStep;
        long growthBeyondFirstStepKiB;

        void add(int held, long growth, double perConnection, int heldBeyondFirstStep, long growthBeyondFirstStep) {
            processes++;
            connections += held;
            growthKiB += growth;
            worstKiBPerConnection = Math.max(worstKiBPerConnection, perConnection);
            connectionsBeyondFirstStep += heldBeyondFirstStep;
            growthBeyondFirstStepKiB += growthBeyondFirstStep;
        }

        double kibPerConnection() {
            return connections == 0 ? 0 : (double) growthKiB / connections;
        }

        /** 0 at the first step (nothing beyond it yet). */
        double kibPerConnectionBeyondFirstStep() {
            return connectionsBeyondFirstStep <= 0 ? 0 : (double) growthBeyondFirstStepKiB / connectionsBeyondFirstStep;
        }

        String describe(String kind) {
            return processes == 0 ? "" : String.format(Locale.ROOT,
                    "%s %d conns in %d processes, %.2f KiB/conn (worst process %.2f) ", kind, connections, processes,
                    kibPerConnection(), worstKiBPerConnection);
        }
    }
}
