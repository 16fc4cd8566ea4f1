package org.cometserver.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * P2P call signalling benchmark (issue #10, acceptance 4): {@code pairs} caller and callee connections; calls are set
 * up at a fixed rate, each one {@code call} (caller → callee, with an SDP offer), {@code accept} (callee → caller,
 * with an SDP answer, sent as soon as the call arrives) and {@code hangUp} (caller → callee, once the accept arrived).
 * Measured on the receivers: call → callee and accept → caller latencies (p50/p99) at each rate, and the server's CPU
 * per relayed signal (what it used beyond its own idle consumption, measured for 3 s before each rate). The comet server relays {@code call_signal}s between authorised users (session state, routing,
 * the frames it builds); the reference, in the same run, is a bare Netty relay that forwards the very same JSON
 * unparsed ({@code relay\n<user>\n<json>}, {@link BareNettyWsHandler}). Both are connected and warmed up first, then
 * each rate is measured on one and then the other, so both see the machine of the same moment. One client thread (a
 * NIO selector) drives every connection, sends and measures. Started by {@code bench/p2p-calls.sh}.
 *
 * <pre>
 * java -cp bench.jar org.cometserver.bench.P2pCallBench pairs=100 rates=1,100,1000 warmup=5 duration=10 \
 *     min-samples=30 sdp-bytes=1800 clk-tck=100 target=comet:WSPORT:PID:COMETQLPORT target=bare:WSPORT:PID
 * </pre>
 */
public final class P2pCallBench {
    private static final String PASSWORD = "CometQLPassword";
    private static final long DRAIN_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final long CONNECT_NANOS = TimeUnit.SECONDS.toNanos(60);
    /** The server's CPU with no call going on is measured this long before each rate, and taken off its figure. */
    private static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(3);
    private static final int CALLEE_BASE = 500_000;

    record Target(String kind, int wsPort, long pid, int cometQlPort) {
        boolean comet() {
            return kind.equals("comet");
        }
    }

    /** One measured rate: set-ups started and completed, latencies, CPU. */
    record Figures(int rate, long started, long completed, double elapsedSeconds, long[] callNanos,
                   long[] acceptNanos, long signals, long errors, double serverMicrosPerSignal,
                   double clientMicrosPerSignal, double serverIdleMillisPerSecond) {
    }

    private final int pairs;
    private final int[] rates;
    private final int warmupSeconds;
    private final int durationSeconds;
    private final int minSamples;
    private final String offer;
    private final String answer;
    private final int clockTicks;

    P2pCallBench(int pairs, int[] rates, int warmupSeconds, int durationSeconds, int minSamples, int sdpBytes,
                 int clockTicks) {
        this.pairs = pairs;
        this.rates = rates;
        this.warmupSeconds = warmupSeconds;
        this.durationSeconds = durationSeconds;
        this.minSamples = minSamples;
        this.offer = sdp("offer", sdpBytes);
        this.answer = sdp("answer", sdpBytes);
        this.clockTicks = clockTicks;
    }

    public static void main(String[] args) throws Exception {
        int pairs = 100;
        int[] rates = {1, 100, 1000};
        int warmup = 15;
        int duration = 10;
        int minSamples = 30;
        int sdpBytes = 1800;
        int clockTicks = 100;
        List<Target> targets = new ArrayList<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            String key = eq < 0 ? arg : arg.substring(0, eq);
            String value = eq < 0 ? "" : arg.substring(eq + 1);
            switch (key) {
                case "pairs" -> pairs = bounded(key, value, 1, 5000);
                case "rates" -> rates = Arrays.stream(value.split(","))
                        .mapToInt(r -> bounded("rates", r.strip(), 1, 100_000)).toArray();
                case "warmup" -> warmup = bounded(key, value, 0, 3600);
                case "duration" -> duration = bounded(key, value, 1, 3600);
                case "min-samples" -> minSamples = bounded(key, value, 1, 1_000_000);
                case "sdp-bytes" -> sdpBytes = bounded(key, value, 100, 60_000);
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
        P2pCallBench bench = new P2pCallBench(pairs, rates, warmup, duration, minSamples, sdpBytes, clockTicks);
        System.out.printf(Locale.ROOT, "pairs=%d rates=%s set-ups/s, warm-up %d s at %d/s, %d s a rate (at least %d "
                        + "set-ups), SDP %d bytes; a set-up = call + accept + hangUp (3 relayed signals)%n", pairs,
                Arrays.toString(rates), warmup, max(rates), duration, minSamples, sdpBytes);
        System.out.println("target  rate/s  set-ups  done/s   call->callee p50/p99 ms   accept->caller p50/p99 ms"
                + "  missing errors  server us/signal  client us/signal  server idle ms/s");
        List<List<Figures>> results;
        boolean ok = true;
        try {
            results = bench.runAll(targets);
        } catch (IOException | SQLException e) {
            System.out.println("  FAILED: " + e);
            System.exit(1);
            return;
        }
        for (int rate = 0; rate < rates.length; rate++) {
            for (int t = 0; t < targets.size(); t++) {
                Figures f = results.get(t).get(rate);
                print(targets.get(t).kind(), f);
                ok &= f.completed() == f.started() && f.errors() == 0;
            }
        }
        int comet = indexOf(targets, "comet");
        int bare = indexOf(targets, "bare");
        if (comet >= 0 && bare >= 0) {
            System.out.println("ratios comet/bare:  rate/s  call p50  call p99  accept p50  accept p99  "
                    + "server CPU per signal");
            for (int i = 0; i < rates.length; i++) {
                Figures c = results.get(comet).get(i);
                Figures b = results.get(bare).get(i);
                // below a few hundred signals the CPU figures are clock ticks (10 ms), not costs
                String cpu = Math.min(c.signals(), b.signals()) < 1000 || b.serverMicrosPerSignal() < 1 ? "n/a"
                        : String.format(Locale.ROOT, "%.2f", c.serverMicrosPerSignal() / b.serverMicrosPerSignal());
                System.out.printf(Locale.ROOT, "                    %6d  %8.2f  %8.2f  %10.2f  %10.2f  %21s%n",
                        c.rate(), ratio(c.callNanos(), b.callNanos(), 0.5), ratio(c.callNanos(), b.callNanos(), 0.99),
                        ratio(c.acceptNanos(), b.acceptNanos(), 0.5), ratio(c.acceptNanos(), b.acceptNanos(), 0.99),
                        cpu);
            }
        }
        System.exit(ok ? 0 : 1);
    }

    /** Connects every pair to the target, warms up, then measures each rate. */
    List<Figures> run(Target target) throws IOException, SQLException {
        return runAll(List.of(target)).get(0);
    }

    /**
     * Connects every pair to every target and warms each up, then measures each rate on one target after the other
     * (so that both see the same moment's machine when other work shares it); the figures per target, in order.
     */
    List<List<Figures>> runAll(List<Target> targets) throws IOException, SQLException {
        List<CallClient> clients = new ArrayList<>();
        try {
            for (Target target : targets) {
                if (target.comet()) {
                    register(target);
                }
                CallClient client = new CallClient(target);
                clients.add(client);
                client.connect();
            }
            for (CallClient client : clients) {
                if (warmupSeconds > 0) {
                    client.phase(max(rates), warmupSeconds, 1);
                }
            }
            List<List<Figures>> figures = new ArrayList<>();
            clients.forEach(c -> figures.add(new ArrayList<>()));
            for (int rate : rates) {
                int seconds = Math.max(durationSeconds, (minSamples + rate - 1) / rate);
                for (int i = 0; i < clients.size(); i++) {
                    figures.get(i).add(clients.get(i).phase(rate, seconds, minSamples));
                }
            }
            return figures;
        } finally {
            for (CallClient client : clients) {
                client.close();
            }
        }
    }

    /** Every caller and callee gets the hash {@code bk<id>} in {@code users_auth}. */
    private void register(Target target) throws SQLException {
        try (Connection sql = DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + target.cometQlPort()
                + "/CometQL_v1?sslMode=DISABLED", "root", PASSWORD);
             PreparedStatement insert = sql.prepareStatement("INSERT INTO users_auth (id, hash) VALUES (?, ?)")) {
            for (int i = 0; i < pairs; i++) {
                for (long id : new long[] {callerId(i), calleeId(i)}) {
                    insert.setLong(1, id);
                    insert.setString(2, "bk" + id);
                    insert.executeUpdate();
                }
            }
        }
    }

    static long callerId(int pair) {
        return pair + 1;
    }

    static long calleeId(int pair) {
        return CALLEE_BASE + pair + 1;
    }

    private static void print(String kind, Figures f) {
        System.out.printf(Locale.ROOT, "%-6s %7d %8d %7.1f   %10.3f %10.3f   %11.3f %10.3f  %7d %6d  %16.2f  %16.2f  "
                        + "%16.1f%n",
                kind, f.rate(), f.started(), f.completed() / f.elapsedSeconds(),
                LatencySamples.percentile(f.callNanos(), 0.5) / 1e6, LatencySamples.percentile(f.callNanos(), 0.99) / 1e6,
                LatencySamples.percentile(f.acceptNanos(), 0.5) / 1e6,
                LatencySamples.percentile(f.acceptNanos(), 0.99) / 1e6, f.started() - f.completed(), f.errors(),
                f.serverMicrosPerSignal(), f.clientMicrosPerSignal(), f.serverIdleMillisPerSecond());
    }

    private static double ratio(long[] comet, long[] bare, double fraction) {
        return (double) LatencySamples.percentile(comet, fraction)
                / Math.max(1, LatencySamples.percentile(bare, fraction));
    }

    private static int max(int[] values) {
        return Arrays.stream(values).max().orElse(1);
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

    /** An SDP-like text of about {@code bytes} characters, its line breaks escaped as JSON carries them. */
    static String sdp(String type, int bytes) {
        StringBuilder sdp = new StringBuilder("v=0\\r\\no=- 4611731400430051336 2 IN IP4 127.0.0.1\\r\\ns=-\\r\\n"
                + "t=0 0\\r\\na=group:BUNDLE 0 1\\r\\na=x-bench:" + type + "\\r\\n");
        for (int line = 0; sdp.length() < bytes; line++) {
            sdp.append("a=candidate:").append(line).append(" 1 udp 2122260223 192.168.1.").append(line % 250)
                    .append(" 5").append(1000 + line).append(" typ host generation 0\\r\\n");
        }
        return sdp.toString();
    }

    /** The number after {@code "<name>":} in {@code text}, or -1. */
    static long number(String text, String name) {
        int at = text.indexOf("\"" + name + "\":");
        if (at < 0) {
            return -1;
        }
        int pos = at + name.length() + 3;
        long value = 0;
        boolean any = false;
        while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
            value = value * 10 + (text.charAt(pos++) - '0');
            any = true;
        }
        return any ? value : -1;
    }

    /** The string after {@code "<name>":"} in {@code text} (no escapes in what this client sends), or null. */
    static String string(String text, String name) {
        int at = text.indexOf("\"" + name + "\":\"");
        if (at < 0) {
            return null;
        }
        int start = at + name.length() + 4;
        int end = text.indexOf('"', start);
        return end < 0 ? null : text.substring(start, end);
    }

    /** Every connection of one target, driven by the thread that calls {@link #phase}. */
    private final class CallClient implements AutoCloseable {
        private final Target target;
        private final Selector selector;
        private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(256 * 1024);
        private final byte[] copyBuffer = new byte[256 * 1024];
        private final List<WsConnection> connections = new ArrayList<>();
        /** Per connection: its user id; callers first, then callees. */
        private final long[] userIds;
        private final ProcessCpu serverCpu;
        private final ProcessCpu clientCpu;
        private int ready;
        private long sequence;
        // the current phase's counters
        private long started;
        private long completed;
        private long hangUps;
        private long signals;
        private long errors;
        private String firstError;
        private LatencySamples callSamples = new LatencySamples();
        private LatencySamples acceptSamples = new LatencySamples();

        CallClient(Target target) throws IOException {
            this.target = target;
            this.selector = Selector.open();
            this.userIds = new long[2 * pairs];
            for (int i = 0; i < pairs; i++) {
                userIds[i] = callerId(i);
                userIds[pairs + i] = calleeId(i);
            }
            this.serverCpu = new ProcessCpu(target.pid(), clockTicks);
            this.clientCpu = new ProcessCpu(ProcessHandle.current().pid(), clockTicks);
        }

        void connect() throws IOException {
            InetSocketAddress server = new InetSocketAddress("127.0.0.1", target.wsPort());
            for (int i = 0; i < userIds.length; i++) {
                SocketChannel channel = SocketChannel.open();
                channel.configureBlocking(false);
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                WsConnection c = new WsConnection(i, channel, WsHandshake.randomKey());
                boolean connected = channel.connect(server);
                channel.register(selector, connected ? SelectionKey.OP_WRITE : SelectionKey.OP_CONNECT, c);
                connections.add(c);
            }
            long deadline = System.nanoTime() + CONNECT_NANOS;
            while (ready < userIds.length) {
                if (System.nanoTime() > deadline) {
                    throw new IOException(ready + " of " + userIds.length + " connections ready" + problem());
                }
                poll(10);
            }
        }

        /** Sets calls up at {@code rate} for {@code seconds}, then waits for every one to complete. */
        Figures phase(int rate, int seconds, int atLeast) throws IOException {
            long idleStart = System.nanoTime();
            long idleBefore = serverCpu.cpuNanos();
            while (System.nanoTime() - idleStart < IDLE_NANOS) {
                poll(50);
            }
            double idleCpuPerNano = (double) (serverCpu.cpuNanos() - idleBefore) / (System.nanoTime() - idleStart);
            started = completed = hangUps = signals = errors = 0;
            callSamples = new LatencySamples();
            acceptSamples = new LatencySamples();
            long serverBefore = serverCpu.cpuNanos();
            long clientBefore = clientCpu.cpuNanos();
            long interval = TimeUnit.SECONDS.toNanos(1) / rate;
            long start = System.nanoTime();
            long end = start + TimeUnit.SECONDS.toNanos(seconds);
            long next = start;
            long now = start;
            while (now < end || started < atLeast) {
                while (next <= now && (next < end || started < atLeast)) {
                    startCall();
                    next += interval;
                }
                long waitNanos = Math.min(next, Math.max(end, now)) - now;
                poll(Math.max(1, TimeUnit.NANOSECONDS.toMillis(waitNanos + 999_999)));
                now = System.nanoTime();
            }
            double elapsed = (now - start) / 1e9;
            long drainEnd = now + DRAIN_NANOS;
            while ((completed < started || hangUps < started) && System.nanoTime() < drainEnd) {
                poll(5);
            }
            long relayed = Math.max(1, signals);
            if (firstError != null) {
                System.out.println("  " + target.kind() + " first error: " + firstError);
                firstError = null;
            }
            double serverNanos = serverCpu.cpuNanos() - serverBefore - idleCpuPerNano * (System.nanoTime() - start);
            return new Figures(rate, started, completed, elapsed, LatencySamples.sortedUnion(List.of(callSamples)),
                    LatencySamples.sortedUnion(List.of(acceptSamples)), signals, errors,
                    Math.max(0, serverNanos) / 1e3 / relayed, (clientCpu.cpuNanos() - clientBefore) / 1e3 / relayed,
                    idleCpuPerNano * 1e3);
        }

        private void startCall() throws IOException {
            int pair = (int) (sequence % pairs);
            String session = "b" + sequence++;
            long caller = callerId(pair);
            long callee = calleeId(pair);
            started++;
            send(connections.get(pair), callee, "{\"signalType\":\"call\",\"sessionID\":\"" + session
                    + "\",\"callType\":1,\"to\":" + callee + ",\"from\":" + caller + ",\"opponentsIDs\":[" + callee
                    + "],\"platform\":\"web\",\"sdp\":\"" + offer + "\",\"userInfo\":{\"benchT\":" + System.nanoTime()
                    + "}}");
        }

        private void onSignal(WsConnection c, String text) throws IOException {
            long now = System.nanoTime();
            String type = string(text, "signalType");
            if (type == null) {
                if (text.contains("\"event\":\"error\"")) {
                    errors++;
                    if (firstError == null) {
                        firstError = text;
                    }
                }
                return;
            }
            signals++;
            String session = string(text, "sessionID");
            long from = number(text, "from");
            long me = userIds[c.index];
            switch (type) {
                case "call" -> {
                    callSamples.add(now - number(text, "benchT"));
                    send(c, from, "{\"signalType\":\"accept\",\"sessionID\":\"" + session + "\",\"to\":" + from
                            + ",\"from\":" + me + ",\"platform\":\"web\",\"sdp\":\"" + answer
                            + "\",\"userInfo\":{\"benchT\":" + System.nanoTime() + "}}");
                }
                case "accept" -> {
                    acceptSamples.add(now - number(text, "benchT"));
                    completed++;
                    send(c, from, "{\"signalType\":\"hangUp\",\"sessionID\":\"" + session + "\",\"to\":" + from
                            + ",\"from\":" + me + "}");
                }
                case "hangUp" -> hangUps++;
                default -> {
                }
            }
        }

        /** A signal to user {@code to}: {@code call_signal} to the comet server, {@code relay} to the reference. */
        private void send(WsConnection c, long to, String json) throws IOException {
            String command = target.comet() ? "call_signal\n" + json : "relay\n" + to + "\n" + json;
            write(c, WsFrames.masked(WsFrames.OPCODE_TEXT, command.getBytes(StandardCharsets.UTF_8)));
        }

        private void poll(long millis) throws IOException {
            selector.select(millis);
            for (SelectionKey key : selector.selectedKeys()) {
                WsConnection c = (WsConnection) key.attachment();
                if (c.phase == WsConnection.Phase.CONNECTING) {
                    if (key.isConnectable() && !c.channel.finishConnect()) {
                        continue;
                    }
                    key.interestOps(SelectionKey.OP_READ);
                    c.phase = WsConnection.Phase.UPGRADING;
                    write(c, WsHandshake.request("127.0.0.1", target.wsPort(), path(userIds[c.index]), c.key));
                } else if (key.isReadable()) {
                    read(c);
                }
            }
            selector.selectedKeys().clear();
        }

        private String path(long userId) {
            return target.comet() ? "/ws/sesion=bk" + userId + "&myid=" + userId + "&devid=0&v=4.08&uuid="
                    + WsHandshake.randomUuid() + "&api=js" : "/ws/p2p";
        }

        private void read(WsConnection c) throws IOException {
            readBuffer.clear();
            int n = c.channel.read(readBuffer);
            if (n < 0) {
                throw new IOException("connection of user " + userIds[c.index] + " closed by the server" + problem());
            }
            readBuffer.get(0, copyBuffer, 0, n);
            c.appendPending(copyBuffer, 0, n, WsFrames.MAX_FRAME + 16);
            if (c.phase == WsConnection.Phase.UPGRADING) {
                int headEnd = WsHandshake.headEnd(c.pending(), c.pendingLength());
                if (headEnd < 0) {
                    return;
                }
                WsHandshake.checkResponse(new String(c.pending(), 0, headEnd, StandardCharsets.ISO_8859_1), c.key);
                c.phase = WsConnection.Phase.OPEN;
                c.consumePending(headEnd);
            }
            ByteBuffer buf = ByteBuffer.wrap(c.pending() == null ? new byte[0] : c.pending(), 0, c.pendingLength());
            int pos = 0;
            int limit = c.pendingLength();
            while (true) {
                int header = WsFrames.headerLength(buf, pos, limit);
                if (header < 0) {
                    break;
                }
                int payload = WsFrames.payloadLength(buf, pos, header);
                if (limit - pos < header + payload) {
                    break;
                }
                int opcode = WsFrames.opcode(buf, pos);
                if (opcode == WsFrames.OPCODE_CLOSE) {
                    throw new IOException("close frame from the server for user " + userIds[c.index]);
                }
                if (opcode == WsFrames.OPCODE_TEXT) {
                    text(c, new String(c.pending(), pos + header, payload, StandardCharsets.UTF_8));
                }
                pos += header + payload;
            }
            c.consumePending(pos);
        }

        private void text(WsConnection c, String text) throws IOException {
            if (!c.greeted) {
                c.greeted = true;
                if (target.comet()) {
                    if (!text.contains("\"authorized\":true")) {
                        throw new IOException("user " + userIds[c.index] + " not authorised: " + text);
                    }
                    ready++;
                } else {
                    write(c, WsFrames.masked(WsFrames.OPCODE_TEXT,
                            ("login\n" + userIds[c.index]).getBytes(StandardCharsets.US_ASCII)));
                }
                return;
            }
            if (!target.comet() && text.equals("{\"event\":\"login\"}")) {
                ready++;
                return;
            }
            onSignal(c, text);
        }

        private void write(WsConnection c, byte[] bytes) throws IOException {
            ByteBuffer out = ByteBuffer.wrap(bytes);
            while (out.hasRemaining()) {
                if (c.channel.write(out) == 0) {
                    Thread.onSpinWait();
                }
            }
        }

        private String problem() {
            return firstError == null ? "" : "; first error: " + firstError;
        }

        @Override
        public void close() throws IOException {
            for (WsConnection c : connections) {
                c.channel.close();
            }
            selector.close();
        }
    }
}
