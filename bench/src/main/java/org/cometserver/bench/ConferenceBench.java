package org.cometserver.bench;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.cometserver.esl.codec.EslEvent;
import org.cometserver.esl.codec.EslEventParser;
import org.cometserver.esl.codec.EslFrameDecoder;
import org.cometserver.esl.codec.EslMessage;
import org.cometserver.esl.standin.FreeSwitchStandIn;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Conference benchmark (issue #4, acceptance 4), over the FreeSWITCH stand-in: starts it in this JVM and the comet
 * server jar as its own process, pointed at it; then measures
 * <ol>
 *   <li><b>event → row</b>: from a member joining the stand-in until {@code SELECT … FROM conference_members} over
 *   CometQL shows it, against the references of the same run: the same event reaching a bare event-socket
 *   subscriber, and that subscriber's thread running the same {@code SELECT} itself when the event arrives (the
 *   least any SQL reader of FreeSWITCH's events pays);</li>
 *   <li><b>control round trip</b>: {@code UPDATE conference_members SET muted=…} over CometQL, against a bare
 *   {@code api conference <name> mute|unmute <id>} on the stand-in's event socket.</li>
 * </ol>
 * Started by {@code bench/conference.sh}: {@code java -cp bench.jar org.cometserver.bench.ConferenceBench
 * server-jar=PATH work=DIR [joins=300] [controls=1000] [warmup=200] [cometql-io=io_uring|epoll|nio]}.
 */
public final class ConferenceBench {
    private static final String PASSWORD = "BenchPassword";
    private static final String ROOM = "benchroom";
    private static final String CONFERENCE = "0*" + ROOM + "-FSdefaultDomain";
    private static final Pattern LISTENING = Pattern.compile("CometQL listening on [^:]+:(\\d+)");
    private static final Pattern WS_LISTENING = Pattern.compile("WebSocket listening on [^:]+:(\\d+)");
    private static final Pattern XML_CURL_LISTENING = Pattern.compile("mod_xml_curl\\) listening on [^:]+:(\\d+)");
    /** The [freeswitch] endpoint's basic credentials in the bench's comet.ini. */
    private static final String XML_CURL_USER = "bench";
    private static final String XML_CURL_PASSWORD = "bench-secret";
    private static final String PIN = "4321";
    private static final long TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final String MEMBER_QUERY =
            "SELECT member_id FROM conference_members WHERE name = ? AND user_id = ?";

    private ConferenceBench() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new ConcurrentHashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            options.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        int joins = Integer.parseInt(options.getOrDefault("joins", "300"));
        int controls = Integer.parseInt(options.getOrDefault("controls", "1000"));
        int warmup = Integer.parseInt(options.getOrDefault("warmup", "200"));
        int dialIns = Integer.parseInt(options.getOrDefault("dialins", "300"));
        Path work = Path.of(options.get("work"));
        try (FreeSwitchStandIn freeswitch = FreeSwitchStandIn.start()) {
            Process server = startServer(Path.of(options.get("server-jar")), work, freeswitch.port(),
                    options.getOrDefault("cometql-io", "io_uring"));
            Ports ports = ports(server);
            try (Connection sql = cometQl(ports);
                 EventSocket events = EventSocket.subscribed(freeswitch);
                 EventSocket commands = EventSocket.open(freeswitch)) {
                awaitNodeUp(sql);
                System.out.printf(Locale.ROOT, "stand-in on 127.0.0.1:%d; warm-up %d, joins %d, control statements %d%n",
                        freeswitch.port(), warmup, joins, controls);
                // user ids of their own per round, so no member of the warm-up can be mistaken for a new one
                try (Connection reader = cometQl(ports)) {
                    eventToRow(freeswitch, sql, reader, events, warmup, 10_000, false);
                    eventToRow(freeswitch, sql, reader, events, joins, 20_000, true);
                }
                // a member id per round: the warm-up's member may still be listed while its hang-up event travels
                controlRoundTrip(freeswitch, sql, commands, warmup, 9998, false);
                controlRoundTrip(freeswitch, sql, commands, controls, 9999, true);
                URI endpoint = URI.create("http://127.0.0.1:" + ports.xmlCurl() + "/directory");
                try (Statement s = sql.createStatement()) {
                    s.executeUpdate("INSERT INTO conference_settings (name, pin) VALUES ('" + ROOM + "', '" + PIN + "')");
                }
                pinDialIn(freeswitch, sql, commands, endpoint, warmup, 30_000, false);
                pinDialIn(freeswitch, sql, commands, endpoint, dialIns, 40_000, true);
                try (ParticipantCallPhase page = new ParticipantCallPhase(ports.ws(), sql, ROOM)) {
                    callParticipant(page, sql, commands, warmup, 50_000, false);
                    callParticipant(page, sql, commands, dialIns, 60_000, true);
                }
            } finally {
                server.destroy();
                server.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * Each round measures a join as a reader polling the table sees it, then a second join as the least any SQL reader
     * of FreeSWITCH's events pays: the bare subscriber's reader thread learns of the event and runs one query itself
     * (on a connection of its own), the time taken when that query is answered.
     */
    private static void eventToRow(FreeSwitchStandIn freeswitch, Connection sql, Connection reader,
                                   EventSocket events, int count, long firstUserId, boolean print) throws Exception {
        LatencySamples toRow = new LatencySamples();
        LatencySamples toSubscriber = new LatencySamples();
        LatencySamples toSubscriberAndSelect = new LatencySamples();
        LatencySamples select = new LatencySamples();
        try (PreparedStatement member = sql.prepareStatement(MEMBER_QUERY);
             PreparedStatement readersQuery = reader.prepareStatement(MEMBER_QUERY)) {
            for (int i = 0; i < count; i++) {
                long referenceUser = firstUserId + count + i;
                String referenceCaller = String.format("000000%d", referenceUser);
                CompletableFuture<Long> answered = events.onNextJoin(() -> listed(readersQuery, referenceUser));
                long referenceStarted = System.nanoTime();
                int referenceMember = freeswitch.addMember(CONFERENCE, referenceCaller, referenceCaller);
                toSubscriberAndSelect.add(answered.get(TIMEOUT_NANOS, TimeUnit.NANOSECONDS) - referenceStarted);
                events.awaitJoin(referenceMember);
                freeswitch.hangUp(CONFERENCE, referenceMember);

                long userId = firstUserId + i;
                String caller = String.format("000000%d", userId);
                long started = System.nanoTime();
                int memberId = freeswitch.addMember(CONFERENCE, caller, caller);
                // polled from the event on, as a reader of the table would: waiting for the bare subscriber first
                // (before issue 13) added that thread's wake-up to every row
                long queried;
                do {
                    if (System.nanoTime() - started > TIMEOUT_NANOS) {
                        throw new IllegalStateException("member " + memberId + " never listed");
                    }
                    queried = System.nanoTime();
                } while (!listed(member, userId));
                long now = System.nanoTime();
                toRow.add(now - started);
                select.add(now - queried);
                // the bare subscriber's reader thread noted when the event arrived
                toSubscriber.add(events.awaitJoin(memberId) - started);
                freeswitch.hangUp(CONFERENCE, memberId);
            }
        }
        if (print) {
            System.out.println("event -> row: member joins the stand-in until SELECT ... FROM conference_members"
                    + " shows it");
            line("comet event -> row", toRow);
            line("reference: event -> bare ESL subscriber", toSubscriber);
            line("reference: ESL subscriber + its SELECT", toSubscriberAndSelect);
            line("reference: one CometQL SELECT (the last)", select);
            ratio("event -> row / (bare ESL event + one SELECT)", toRow, toSubscriber, select);
            ratio("event -> row / bare ESL event", toRow, toSubscriber);
            ratio("event -> row / (bare ESL event, then one SELECT)", toRow, toSubscriberAndSelect);
            ratio("event -> row / (bare ESL event, then one SELECT)", 0.99, toRow, toSubscriberAndSelect);
        }
    }

    private static boolean listed(PreparedStatement member, long userId) throws SQLException {
        member.setString(1, ROOM);
        member.setLong(2, userId);
        try (ResultSet rows = member.executeQuery()) {
            return rows.next();
        }
    }

    private static void controlRoundTrip(FreeSwitchStandIn freeswitch, Connection sql, EventSocket commands,
                                         int count, long userId, boolean print) throws Exception {
        String caller = "000000" + userId;
        int memberId = freeswitch.addMember(CONFERENCE, caller, caller);
        try (PreparedStatement mute = sql.prepareStatement(
                "UPDATE conference_members SET muted = ? WHERE name = ? AND user_id = ?")) {
            long deadline = System.nanoTime() + TIMEOUT_NANOS;
            mute.setInt(1, 0);
            mute.setString(2, ROOM);
            mute.setLong(3, userId);
            while (mute.executeUpdate() == 0) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("control member never listed");
                }
            }
            LatencySamples statement = new LatencySamples();
            LatencySamples bare = new LatencySamples();
            for (int i = 0; i < count; i++) {
                mute.setInt(1, i % 2 == 0 ? 1 : 0);
                long started = System.nanoTime();
                if (mute.executeUpdate() != 1) {
                    throw new IllegalStateException("UPDATE changed no member");
                }
                statement.add(System.nanoTime() - started);
                started = System.nanoTime();
                String reply = commands.api("conference " + CONFERENCE + (i % 2 == 0 ? " unmute " : " mute ")
                        + memberId);
                bare.add(System.nanoTime() - started);
                if (!reply.startsWith("+OK")) {
                    throw new IllegalStateException("stand-in refused: " + reply);
                }
            }
            if (print) {
                System.out.println("control round trip: UPDATE conference_members SET muted = 0|1 (one member)");
                line("comet UPDATE over CometQL", statement);
                line("reference: bare ESL api conference mute", bare);
                ratio("UPDATE / bare ESL api", statement, bare);
            }
        } finally {
            freeswitch.hangUp(CONFERENCE, memberId);
        }
    }

    /**
     * PIN dial-in (issue 11): a phone enters the room's PIN; the stand-in asks the server's mod_xml_curl endpoint
     * (FreeSwitchStandIn.dialIn, one dialplan lookup), joins the room's conference, and the bench polls
     * conference_members until the phone's row (kind phone, its number) is there. Reference: a bare ESL api round trip.
     */
    private static void pinDialIn(FreeSwitchStandIn freeswitch, Connection sql, EventSocket commands, URI endpoint,
                                  int count, long firstNumber, boolean print) throws Exception {
        LatencySamples toRow = new LatencySamples();
        LatencySamples bare = new LatencySamples();
        try (PreparedStatement phone = sql.prepareStatement(
                "SELECT member_id FROM conference_members WHERE name = ? AND number = ?")) {
            for (int i = 0; i < count; i++) {
                String number = "+49" + (firstNumber + i);
                long started = System.nanoTime();
                int memberId = freeswitch.dialIn(endpoint, XML_CURL_USER, XML_CURL_PASSWORD, "7000", number, PIN);
                if (memberId < 0) {
                    throw new IllegalStateException("the PIN did not open the room");
                }
                phone.setString(1, ROOM);
                phone.setString(2, number);
                while (true) {
                    try (ResultSet rows = phone.executeQuery()) {
                        if (rows.next()) {
                            break;
                        }
                    }
                    if (System.nanoTime() - started > TIMEOUT_NANOS) {
                        throw new IllegalStateException("phone " + number + " never listed");
                    }
                }
                toRow.add(System.nanoTime() - started);
                started = System.nanoTime();
                String reply = commands.api("status");
                bare.add(System.nanoTime() - started);
                if (reply.isEmpty()) {
                    throw new IllegalStateException("stand-in did not answer status");
                }
                freeswitch.hangUp(CONFERENCE, memberId);
            }
        }
        if (print) {
            System.out.println("PIN dial-in -> row: the PIN's dialplan lookup (HTTP), the join, until SELECT ... FROM"
                    + " conference_members shows the phone");
            line("comet PIN dial-in -> row", toRow);
            line("reference: bare ESL api status", bare);
            ratio("dial-in -> row / bare ESL api", toRow, bare);
        }
    }

    /**
     * callParticipant → CALL_PARTICIPANT_CONNECTED (issue 11): the page's command, the server's checks, its originate
     * into the room and the notice back on the call pipe. Reference: the same originate sent over a bare event socket.
     */
    private static void callParticipant(ParticipantCallPhase page, Connection sql, EventSocket commands, int count,
                                        long firstNumber, boolean print) throws Exception {
        LatencySamples connected = new LatencySamples();
        LatencySamples bare = new LatencySamples();
        for (int i = 0; i < count; i++) {
            connected.add(page.call(sql, "+49" + (firstNumber + i)));
            long started = System.nanoTime();
            String reply = commands.api("originate loopback/+49" + (firstNumber + i) + "/default &conference("
                    + CONFERENCE + "@default)");
            bare.add(System.nanoTime() - started);
            if (!reply.startsWith("+OK")) {
                throw new IllegalStateException("stand-in refused the originate: " + reply);
            }
            String uuid = reply.substring(4).strip();
            for (String line : commands.api("conference " + CONFERENCE + " list").split("\n")) {
                if (line.contains(uuid)) {
                    commands.api("conference " + CONFERENCE + " kick " + line.split(";")[0]);
                }
            }
        }
        if (print) {
            System.out.println("callParticipant -> CALL_PARTICIPANT_CONNECTED on the page (WebSocket command, originate"
                    + " into the room, notice on the call pipe)");
            line("comet callParticipant -> _CONNECTED", connected);
            line("reference: bare ESL api originate", bare);
            ratio("callParticipant -> _CONNECTED / bare ESL originate", connected, bare);
        }
    }

    private static void line(String what, LatencySamples samples) {
        long[] sorted = LatencySamples.sortedUnion(List.of(samples));
        System.out.printf(Locale.ROOT, "  %-42s n=%5d  p50 %8.3f ms  p99 %8.3f ms%n", what, sorted.length,
                LatencySamples.percentile(sorted, 0.50) / 1e6, LatencySamples.percentile(sorted, 0.99) / 1e6);
    }

    private static void ratio(String what, LatencySamples measured, LatencySamples... references) {
        ratio(what, 0.50, measured, references);
    }

    /** {@code measured}'s percentile over the sum of the references' (each taken alone). */
    private static void ratio(String what, double percentile, LatencySamples measured, LatencySamples... references) {
        double reference = 0;
        for (LatencySamples r : references) {
            reference += LatencySamples.percentile(LatencySamples.sortedUnion(List.of(r)), percentile);
        }
        double value = LatencySamples.percentile(LatencySamples.sortedUnion(List.of(measured)), percentile);
        System.out.printf(Locale.ROOT, "  ratio %s (p%d) = %.2f%n", what, Math.round(percentile * 100),
                value / reference);
    }

    /** A CometQL connection of the bench's client (server-side prepared statements, as a backend would use). */
    private static Connection cometQl(Ports ports) throws SQLException {
        return DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + ports.cometQl()
                + "/CometQL_v1?sslMode=DISABLED&useServerPrepStmts=true", "root", PASSWORD);
    }

    private static Process startServer(Path jar, Path work, int eslPort, String cometQlIo) throws IOException {
        Path ini = work.resolve("comet.ini");
        Files.writeString(ini, """
                [main]
                password = %s
                [db]
                embedded_path = %s
                [cometql]
                ip = 127.0.0.1
                port = 0
                io = %s
                [ws]
                ip = 127.0.0.1
                port = 0
                thread_num = 1
                [freeswitch]
                ip = 127.0.0.1
                port = 0
                thread_num = 1
                user = %s
                password = %s
                [sip]
                freeswitch = []Server=127.0.0.1,Pwd=%s,Port=%d,WSport=7443
                """.formatted(PASSWORD, work.resolve("store/comet"), cometQlIo, XML_CURL_USER, XML_CURL_PASSWORD,
                FreeSwitchStandIn.DEFAULT_PASSWORD, eslPort));
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java));
        // e.g. GC logging or a flight recording of the server (bench/conference.sh SERVER_JAVA_OPTS)
        String options = System.getProperty("bench.serverJavaOptions", "").strip();
        if (!options.isEmpty()) {
            command.addAll(List.of(options.split("\\s+")));
        }
        command.addAll(List.of("-jar", jar.toString(), "--config", ini.toString()));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    /** The listeners' ports the server logged. */
    private record Ports(int cometQl, int ws, int xmlCurl) {
    }

    /**
     * Reads the server's log until its CometQL and mod_xml_curl listener lines; the rest of the log is drained in the
     * background.
     */
    private static Ports ports(Process server) throws IOException {
        BufferedReader log = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        int cometQl = 0;
        int ws = 0;
        for (String line = log.readLine(); line != null; line = log.readLine()) {
            Matcher listening = LISTENING.matcher(line);
            if (listening.find()) {
                cometQl = Integer.parseInt(listening.group(1));
            }
            Matcher wsListening = WS_LISTENING.matcher(line);
            if (wsListening.find()) {
                ws = Integer.parseInt(wsListening.group(1));
            }
            Matcher xmlCurl = XML_CURL_LISTENING.matcher(line);
            if (xmlCurl.find() && cometQl > 0 && ws > 0) {
                Thread drain = new Thread(() -> {
                    try {
                        while (log.readLine() != null) {
                            // the server's log is not needed past its listener lines; reading keeps its pipe flowing
                        }
                    } catch (IOException stopped) {
                        // the server was stopped
                    }
                }, "server-log");
                drain.setDaemon(true);
                drain.start();
                return new Ports(cometQl, ws, Integer.parseInt(xmlCurl.group(1)));
            }
        }
        throw new IllegalStateException("the comet server exited before listening");
    }

    private static void awaitNodeUp(Connection sql) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT_NANOS;
        while (System.nanoTime() < deadline) {
            try (Statement s = sql.createStatement(); ResultSet rows = s.executeQuery("SHOW GLOBAL STATUS")) {
                while (rows.next()) {
                    if (rows.getString(1).startsWith("freeswitch_") && "UP".equals(rows.getString(2))) {
                        return;
                    }
                }
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("the comet server never connected to the stand-in");
    }

    /** A bare event-socket connection: authenticated, optionally subscribed to conference events. */
    private static final class EventSocket implements AutoCloseable {
        private final Socket socket;
        private final OutputStream out;
        private final BlockingQueue<EslMessage> replies = new LinkedBlockingQueue<>();
        private final Map<Integer, CompletableFuture<Long>> joins = new ConcurrentHashMap<>();
        /** A query the reader thread runs when the next member joins, and when it was answered. */
        private final AtomicReference<JoinQuery> nextJoinQuery = new AtomicReference<>();

        private record JoinQuery(SqlCall query, CompletableFuture<Long> answered) {
        }

        interface SqlCall {
            void run() throws SQLException;
        }

        private EventSocket(FreeSwitchStandIn freeswitch) throws IOException, InterruptedException {
            socket = new Socket(freeswitch.host(), freeswitch.port());
            socket.setTcpNoDelay(true);
            out = socket.getOutputStream();
            Thread reader = new Thread(this::read, "bare-esl-reader");
            reader.setDaemon(true);
            reader.start();
            reply(); // auth/request
            send("auth " + freeswitch.password());
        }

        static EventSocket open(FreeSwitchStandIn freeswitch) throws IOException, InterruptedException {
            return new EventSocket(freeswitch);
        }

        static EventSocket subscribed(FreeSwitchStandIn freeswitch) throws IOException, InterruptedException {
            EventSocket socket = new EventSocket(freeswitch);
            socket.send("event plain CUSTOM conference::maintenance");
            return socket;
        }

        String api(String command) throws IOException, InterruptedException {
            out.write(("api " + command + "\n\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            return reply().bodyText();
        }

        /** Runs {@code query} on the reader thread when the next add-member event arrives; completes once answered. */
        CompletableFuture<Long> onNextJoin(SqlCall query) {
            JoinQuery next = new JoinQuery(query, new CompletableFuture<>());
            nextJoinQuery.set(next);
            return next.answered();
        }

        /** When (System.nanoTime) the add-member event of {@code memberId} arrived; blocks (no spinning). */
        long awaitJoin(int memberId) throws Exception {
            try {
                return join(memberId).get(TIMEOUT_NANOS, TimeUnit.NANOSECONDS);
            } finally {
                joins.remove(memberId);
            }
        }

        private CompletableFuture<Long> join(int memberId) {
            return joins.computeIfAbsent(memberId, id -> new CompletableFuture<>());
        }

        private void send(String command) throws IOException, InterruptedException {
            out.write((command + "\n\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            String reply = reply().replyText();
            if (reply == null || !reply.startsWith("+OK")) {
                throw new IllegalStateException(command.split(" ")[0] + " refused: " + reply);
            }
        }

        private EslMessage reply() throws InterruptedException {
            EslMessage reply = replies.poll(10, TimeUnit.SECONDS);
            if (reply == null) {
                throw new IllegalStateException("the stand-in did not answer");
            }
            return reply;
        }

        private void read() {
            EmbeddedChannel decoder = new EmbeddedChannel(new EslFrameDecoder());
            byte[] buffer = new byte[65536];
            try (InputStream in = socket.getInputStream()) {
                for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                    long now = System.nanoTime();
                    decoder.writeInbound(Unpooled.copiedBuffer(buffer, 0, n));
                    for (EslMessage m = decoder.readInbound(); m != null; m = decoder.readInbound()) {
                        if (!EslEventParser.isEvent(m)) {
                            replies.add(m);
                            continue;
                        }
                        EslEvent event = EslEventParser.parse(m);
                        if ("add-member".equals(event.get("Action"))) {
                            join(Integer.parseInt(event.get("Member-ID"))).complete(now);
                            runJoinQuery();
                        }
                    }
                }
            } catch (IOException ignored) {
                // closed by close()
            } finally {
                decoder.finishAndReleaseAll();
            }
        }

        private void runJoinQuery() {
            JoinQuery query = nextJoinQuery.getAndSet(null);
            if (query == null) {
                return;
            }
            try {
                query.query().run();
                query.answered().complete(System.nanoTime());
            } catch (SQLException e) {
                query.answered().completeExceptionally(e);
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
