package org.cometserver.server.e2e;

import org.cometserver.server.testing.ChildServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #8, acceptance 5: a bounded, seeded fuzz of both wire protocols against a real server in its own JVM. Mutated
 * MySQL packets (handshake responses before login, commands after it) and mutated WebSocket traffic (HTTP upgrade
 * requests, then frames) are sent; it proves that the server
 * <ul>
 * <li>keeps serving: a healthy CometQL login + {@code SELECT 1} and a WebSocket upgrade with its {@code serverInfo}
 * greeting work between fuzz rounds, and afterwards a backend's INSERT reaches a subscribed browser;</li>
 * <li>gives back what the fuzz took: descriptors and threads return to the warmed-up baseline, and the heap after a
 * full GC is within {@link #HEAP_TOLERANCE_BYTES} of it;</li>
 * <li>logs no stack trace.</li>
 * </ul>
 * Reproduce a failure with {@code -Dfuzz.seed=<the printed seed>}: the cases sent are the same; only where a
 * connection ends may shift with timing. The server's log is kept in {@link #SERVER_LOG_COPY}.
 */
class ProtocolFuzzTest {
    private static final int MYSQL_HANDSHAKE_CASES = 150;
    private static final int MYSQL_COMMAND_CASES = 2_000;
    private static final int WS_UPGRADE_CASES = 150;
    private static final int WS_FRAME_CASES = 1_500;
    /** Cases sent over one connection while it survives. */
    private static final int CASES_PER_CONNECTION = 25;
    /** A healthy client is checked after this many fuzz connections. */
    private static final int HEALTH_CHECK_EVERY = 20;
    /** How long a case waits for whatever the server answers; late answers are read by the next case. */
    private static final int READ_MILLIS = 15;
    private static final int MAX_READ_BYTES = 1 << 20;
    private static final int WARM_UP_CONNECTIONS = 16;
    private static final int FD_TOLERANCE = 5;
    private static final int THREAD_TOLERANCE = 4;
    private static final long HEAP_TOLERANCE_BYTES = 32L << 20;
    private static final long SETTLE_MILLIS = 30_000;
    private static final String PASSWORD = "fuzz-test-password";
    private static final String DATABASE = "CometQL_v1";
    private static final String UUID = "fuzzUUIDfuzzUUIDfuzzUUIDfuzzUU01";
    private static final String WS_PATH = "/ws/sesion=undefined&myid=undefined&devid=0&v=4.08&uuid=" + UUID + "&api=js";
    private static final Pattern STACK_TRACE = Pattern.compile("\tat |\\bat [\\w$.]+\\([\\w$]+\\.java:\\d+\\)");

    private static final List<String> QUERIES = List.of("SELECT 1",
            "INSERT INTO pipes_messages (name, event, message) VALUES ('web_fz', 'e', 'fuzz')",
            "SELECT * FROM pipes_messages WHERE name = 'web_fz'", "SELECT * FROM pipes_messages",
            "SELECT * FROM users_in_pipes WHERE name = 'web_fz'",
            "SELECT name, users FROM pipes WHERE name IN ('web_fz', 'web_x')", "SHOW TABLES", "SHOW FULL PROCESSLIST",
            "SELECT @@version_comment LIMIT 1", "SET NAMES utf8mb4", "DELETE FROM pipes_messages WHERE name = 'web_q'");
    private static final String PREPARED = "INSERT INTO pipes_messages (name, event, message) VALUES (?, ?, ?)";
    private static final List<String> WS_COMMANDS = List.of("subscription\nweb_x", "subscription\nweb_x\nweb_y\nmsg",
            "pipe_log\nweb_x\nM1\n", "web_pipe2\nweb_x\nev\n*\nhello", "pipe_count\nweb_x\nM2\n",
            "track_pipe_users\nweb_x\nM3\n", "user_status\n1\nM4\n", "user_data\nM5\n");
    private static final int[] CLOSE_CODES = {0, 999, 1000, 1004, 1005, 1006, 1012, 1015, 2999, 3000, 4999, 5000,
            65535};
    private static final byte[][] BAD_UTF8 = {{(byte) 0xc3, 0x28}, {(byte) 0xff}, {(byte) 0xc0, (byte) 0xaf},
            {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, {(byte) 0xe2, (byte) 0x82}, {(byte) 0xf4, (byte) 0x90, 0, 0}};

    /** A generation's line in {@code GC.heap_info} of the serial collector. */
    private static final Pattern SERIAL_GENERATION_USED =
            Pattern.compile("^ *(?:def new|tenured) generation +total \\d+K, used (\\d+)K", Pattern.MULTILINE);
    /** Where the server's log is kept after the run, for a failure's details. */
    private static final Path SERVER_LOG_COPY = Path.of("target", "ProtocolFuzzTest-server.log");

    @TempDir
    Path dir;

    private final long seed = Long.getLong("fuzz.seed", System.nanoTime());
    private final Random random = new Random(seed);
    private int cometQl;
    private int ws;

    @Test
    void mutatedMysqlPacketsAndWebSocketFramesLeaveTheServerServingWithoutLeaks() throws Exception {
        System.out.println("ProtocolFuzzTest seed " + seed + " (rerun with -Dfuzz.seed=" + seed + ")");
        Path log = dir.resolve("server.log");
        ChildServer server = startServer(log);
        try {
            cometQl = server.port(ChildServer.COMETQL);
            ws = server.port(ChildServer.WEBSOCKET);
            warmUp();
            Usage baseline = Usage.of(server);
            long started = System.nanoTime();

            fuzzMysqlHandshakes();
            int mysqlConnections = fuzzMysqlCommands();
            fuzzWsUpgrades();
            int wsConnections = fuzzWsFrames();
            System.out.println("ProtocolFuzzTest fuzzed for " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime()
                    - started) + " ms: " + MYSQL_HANDSHAKE_CASES + " handshakes, " + MYSQL_COMMAND_CASES
                    + " commands over " + mysqlConnections + " connections, " + WS_UPGRADE_CASES + " upgrades, "
                    + WS_FRAME_CASES + " frame cases over " + wsConnections + " connections; baseline " + baseline);

            Usage after = settle(server, baseline);
            System.out.println("ProtocolFuzzTest after " + after);
            assertTrue(after.descriptors <= baseline.descriptors + FD_TOLERANCE, "descriptors " + after);
            assertTrue(after.threads <= baseline.threads + THREAD_TOLERANCE, "threads " + after);
            assertTrue(after.heapUsed <= baseline.heapUsed + HEAP_TOLERANCE_BYTES, "heap " + after);
            backendMessageReachesBrowser();
            assertEquals(Set.of(), stackTraces(log), "stack traces in the server log (seed " + seed + ")");
        } finally {
            server.close();
            if (Files.exists(log)) {
                Files.copy(log, SERVER_LOG_COPY, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** The distinct lines that start a stack trace (the line before its first {@code at}). */
    private static Set<String> stackTraces(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        Set<String> starts = new LinkedHashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            boolean trace = STACK_TRACE.matcher(lines.get(i)).find();
            if (trace && (i == 0 || !lines.get(i - 1).startsWith("\tat "))) {
                starts.add(lines.get(i).startsWith("\tat ") && i > 0 ? lines.get(i - 1) : lines.get(i));
            }
        }
        return starts;
    }

    // ---------------------------------------------------------------- phases

    /** Valid traffic first, so lazily started event loops, pools and caches are part of the baseline. */
    private void warmUp() throws IOException {
        for (int i = 0; i < WARM_UP_CONNECTIONS; i++) {
            try (RawMysqlClient sql = RawMysqlClient.login(cometQl, "root", PASSWORD, DATABASE)) {
                for (String query : QUERIES) {
                    sql.query(query);
                }
            }
            try (Socket browser = upgrade()) {
                for (String command : WS_COMMANDS) {
                    browser.getOutputStream().write(frame(0x81, bytes(command)));
                }
                read(browser);
            }
        }
        assertServing();
    }

    /** Each case: a fresh connection, the greeting, a mutated HandshakeResponse41 (sequence id 1), then close. */
    private void fuzzMysqlHandshakes() throws IOException {
        for (int i = 0; i < MYSQL_HANDSHAKE_CASES; i++) {
            try (RawMysqlClient client = RawMysqlClient.open(cometQl)) {
                byte[] greeting = client.readPacket();
                assertTrue(greeting != null && greeting.length > 0 && greeting[0] == 10, "greeting, case " + i);
                byte[] response = RawMysqlClient.handshakeResponse(RawMysqlClient.scrambleOf(greeting), "root",
                        random.nextInt(4) == 0 ? "wrong" : PASSWORD, random.nextBoolean() ? DATABASE : null);
                sendAndRead(client, mutateMysql(packet(1, response)));
            }
            healthCheckEvery(i);
        }
    }

    /**
     * Mutated commands after a real login; a connection carries cases until the server closes it.
     *
     * @return the connections used
     */
    private int fuzzMysqlCommands() throws IOException {
        int connections = 0;
        for (int sent = 0; sent < MYSQL_COMMAND_CASES; connections++) {
            try (RawMysqlClient client = RawMysqlClient.login(cometQl, "root", PASSWORD, DATABASE)) {
                List<byte[]> seeds = commandSeeds(client);
                boolean alive = true;
                for (int c = 0; c < CASES_PER_CONNECTION && alive && sent < MYSQL_COMMAND_CASES; c++, sent++) {
                    alive = sendAndRead(client, mutateMysql(seeds.get(random.nextInt(seeds.size()))));
                }
            }
            healthCheckEvery(connections);
        }
        return connections;
    }

    private void fuzzWsUpgrades() throws IOException {
        byte[] request = bytes(upgradeRequest());
        for (int i = 0; i < WS_UPGRADE_CASES; i++) {
            try (Socket socket = new Socket("127.0.0.1", ws)) {
                byte[] mutated = random.nextInt(8) == 0 ? withLongHeader(request) : mutateBytes(request);
                sendAndRead(socket, mutated);
            }
            healthCheckEvery(i);
        }
    }

    /** Mutated frames after a valid upgrade, as above; returns the connections used. */
    private int fuzzWsFrames() throws IOException {
        int connections = 0;
        for (int sent = 0; sent < WS_FRAME_CASES; connections++) {
            try (Socket socket = upgrade()) {
                boolean alive = true;
                for (int c = 0; c < CASES_PER_CONNECTION && alive && sent < WS_FRAME_CASES; c++, sent++) {
                    alive = sendAndRead(socket, wsCase());
                }
            }
            healthCheckEvery(connections);
        }
        return connections;
    }

    // ---------------------------------------------------------------- health and resources

    private void healthCheckEvery(int round) throws IOException {
        if (round % HEALTH_CHECK_EVERY == HEALTH_CHECK_EVERY - 1) {
            assertServing();
        }
    }

    /** A healthy backend logs in and selects; a healthy browser upgrades and is greeted. */
    private void assertServing() throws IOException {
        try (RawMysqlClient sql = RawMysqlClient.login(cometQl, "root", PASSWORD, DATABASE)) {
            assertInstanceOf(RawMysqlClient.ResultSet.class, sql.query("SELECT 1"), "seed " + seed);
        }
        try (Socket browser = upgrade()) {
            assertTrue(readUntil(browser, "serverInfo"), "serverInfo greeting, seed " + seed);
        }
    }

    private void backendMessageReachesBrowser() throws IOException {
        try (RawMysqlClient sql = RawMysqlClient.login(cometQl, "root", PASSWORD, DATABASE);
             Socket browser = upgrade()) {
            browser.getOutputStream().write(frame(0x81, bytes("subscription\nweb_fuzz")));
            boolean delivered = false;
            for (int attempt = 0; attempt < 50 && !delivered; attempt++) { // until the subscription is in place
                assertInstanceOf(RawMysqlClient.Ok.class, sql.query(
                        "INSERT INTO pipes_messages (name, event, message) VALUES ('web_fuzz', 'e', 'fuzz-survived')"));
                delivered = readUntil(browser, "fuzz-survived");
            }
            assertTrue(delivered, "the browser received the backend's message after the fuzz");
        }
    }

    /** Descriptors, threads and heap used after a full GC, of the server process. */
    private record Usage(int descriptors, int threads, long heapUsed) {
        static Usage of(ChildServer server) {
            long heap = heapAfterGc(server.process().pid());
            return new Usage(server.descriptors(), server.threads(), heap);
        }

        boolean within(Usage baseline) {
            return descriptors <= baseline.descriptors + FD_TOLERANCE && threads <= baseline.threads + THREAD_TOLERANCE
                    && heapUsed <= baseline.heapUsed + HEAP_TOLERANCE_BYTES;
        }
    }

    /** Polls (up to {@link #SETTLE_MILLIS}) until the server's usage is back within tolerance; returns the last. */
    private static Usage settle(ChildServer server, Usage baseline) throws InterruptedException {
        long deadline = System.currentTimeMillis() + SETTLE_MILLIS;
        Usage now = Usage.of(server);
        while (!now.within(baseline) && System.currentTimeMillis() < deadline) {
            Thread.sleep(500);
            now = Usage.of(server);
        }
        return now;
    }

    /** The server runs the serial collector: used = young + old generation after {@code GC.run}. */
    private static long heapAfterGc(long pid) {
        jcmd(pid, "GC.run");
        Matcher used = SERIAL_GENERATION_USED.matcher(jcmd(pid, "GC.heap_info"));
        long kib = 0;
        int generations = 0;
        while (used.find()) {
            kib += Long.parseLong(used.group(1));
            generations++;
        }
        assertEquals(2, generations, "GC.heap_info of the serial collector");
        return kib * 1024;
    }

    private static String jcmd(long pid, String command) {
        try {
            Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    String.valueOf(pid), command).redirectErrorStream(true).start();
            String out = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(jcmd.waitFor(60, TimeUnit.SECONDS) && jcmd.exitValue() == 0, "jcmd " + command + ": " + out);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------- MySQL cases

    /** COM_QUERY, COM_STMT_PREPARE/EXECUTE/CLOSE/RESET/SEND_LONG_DATA, COM_PING, COM_FIELD_LIST, COM_INIT_DB, ... */
    private List<byte[]> commandSeeds(RawMysqlClient client) throws IOException {
        client.writePacket(0, command(0x16, bytes(PREPARED)));
        byte[] prepared = client.readPacket();
        assertTrue(prepared != null && prepared[0] == 0, "COM_STMT_PREPARE answered OK");
        byte[] statementId = Arrays.copyOfRange(prepared, 1, 5);
        client.readTimeout(READ_MILLIS);
        drain(client);
        List<byte[]> seeds = new ArrayList<>();
        for (String query : QUERIES) {
            seeds.add(packet(0, command(0x03, bytes(query))));
        }
        seeds.add(packet(0, command(0x16, bytes("SELECT ? + 1"))));
        ByteArrayOutputStream execute = new ByteArrayOutputStream();
        execute.write(0x17);
        execute.writeBytes(statementId);
        execute.writeBytes(new byte[] {0, 1, 0, 0, 0, 0, 1, (byte) 0xfd, 0, (byte) 0xfd, 0, (byte) 0xfd, 0});
        for (String value : new String[] {"web_fz", "e", "executed"}) {
            execute.write(value.length());
            execute.writeBytes(bytes(value));
        }
        seeds.add(packet(0, execute.toByteArray()));
        seeds.add(packet(0, concat(new byte[] {0x18}, statementId, new byte[] {0, 0}, bytes("long data"))));
        seeds.add(packet(0, concat(new byte[] {0x1a}, statementId)));
        seeds.add(packet(0, concat(new byte[] {0x19}, statementId)));
        seeds.add(packet(0, new byte[] {0x0e}));
        seeds.add(packet(0, new byte[] {0x09}));
        seeds.add(packet(0, new byte[] {0x1b, 0, 0}));
        seeds.add(packet(0, command(0x04, bytes("pipes_messages\0"))));
        seeds.add(packet(0, command(0x02, bytes(DATABASE))));
        return seeds;
    }

    private byte[] mutateMysql(byte[] packet) {
        byte[] mutated = packet.clone();
        switch (random.nextInt(9)) {
            case 0, 1 -> mutated = mutateBytes(packet);
            case 2, 3 -> mutated = packet(packet[3], mutateBytes(Arrays.copyOfRange(packet, 4, packet.length)));
            case 4 -> {
                int length = packet.length - 4;
                int[] lengths = {0, length - 1, length + 1, length + random.nextInt(1000), 0xffffff, 0xfffffe,
                        0x7fffff, random.nextInt(1 << 24)};
                int declared = Math.max(0, lengths[random.nextInt(lengths.length)]);
                mutated[0] = (byte) declared;
                mutated[1] = (byte) (declared >> 8);
                mutated[2] = (byte) (declared >> 16);
            }
            case 5 -> mutated[3] = (byte) random.nextInt(256);
            case 6 -> mutated[4] = (byte) random.nextInt(256);
            case 7 -> mutated = Arrays.copyOf(packet, random.nextInt(packet.length));
            default -> mutated = randomBytes(1 + random.nextInt(64));
        }
        return mutated;
    }

    private static byte[] packet(int sequenceId, byte[] payload) {
        return concat(new byte[] {(byte) payload.length, (byte) (payload.length >> 8), (byte) (payload.length >> 16),
                (byte) sequenceId}, payload);
    }

    private static byte[] command(int command, byte[] argument) {
        return concat(new byte[] {(byte) command}, argument);
    }

    private boolean sendAndRead(RawMysqlClient client, byte[] bytes) throws IOException {
        client.readTimeout(READ_MILLIS);
        try {
            client.writeRaw(bytes);
        } catch (IOException closed) {
            return false;
        }
        return drain(client);
    }

    /** Reads packets until the server is quiet ({@code true}) or closes ({@code false}). */
    private static boolean drain(RawMysqlClient client) {
        try {
            for (int i = 0; i < 1000; i++) {
                if (client.readPacket() == null) {
                    return false;
                }
            }
            return true;
        } catch (SocketTimeoutException quiet) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    // ---------------------------------------------------------------- WebSocket cases

    private String upgradeRequest() {
        return "GET " + WS_PATH + " HTTP/1.1\r\nHost: 127.0.0.1:" + ws + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n";
    }

    private Socket upgrade() throws IOException {
        Socket socket = new Socket("127.0.0.1", ws);
        socket.setSoTimeout(10_000);
        socket.getOutputStream().write(bytes(upgradeRequest()));
        assertTrue(readUntil(socket, "\r\n\r\n"), "upgrade answered");
        return socket;
    }

    private byte[] withLongHeader(byte[] request) {
        byte[] value = new byte[1 + random.nextInt(20_000)];
        Arrays.fill(value, (byte) 'a');
        int end = request.length - 2;
        return concat(Arrays.copyOf(request, end), bytes("X-Fuzz: "), value, bytes("\r\n\r\n"));
    }

    /** One fuzz case on an upgraded connection: one or more frames, broken in one way. */
    private byte[] wsCase() {
        byte[] command = bytes(WS_COMMANDS.get(random.nextInt(WS_COMMANDS.size())));
        return switch (random.nextInt(10)) {
            case 0 -> frame(0x81, mutateBytes(command));
            case 1 -> mutateBytes(frame(0x81, command));
            case 2 -> frame(random.nextInt(256), randomBytes(random.nextInt(200)), random.nextBoolean(),
                    random.nextInt(3), -1);
            case 3 -> {
                long[] declared = {0, 1, 125, 126, 65535, 65536, 1L << 31, 1L << 40, Long.MAX_VALUE, -1L,
                        random.nextInt(100_000)};
                yield frame(0x81, command, true, random.nextInt(3), declared[random.nextInt(declared.length)]);
            }
            case 4 -> fragments(command);
            case 5 -> frame((random.nextBoolean() ? 0x80 : 0) | 0x8 + random.nextInt(3),
                    randomBytes(random.nextBoolean() ? 126 + random.nextInt(200) : random.nextInt(10)));
            case 6 -> frame(0x88, closePayload());
            case 7 -> frame(0x81, concat(command, BAD_UTF8[random.nextInt(BAD_UTF8.length)]));
            case 8 -> randomBytes(1 + random.nextInt(64));
            default -> frame(0x81, command);
        };
    }

    /** 2–5 frames: text/binary starts, continuations, control frames in between, in any order and finality. */
    private byte[] fragments(byte[] command) {
        int[] heads = {0x01, 0x81, 0x00, 0x80, 0x02, 0x89, 0x8a, 0x09};
        ByteArrayOutputStream frames = new ByteArrayOutputStream();
        for (int i = 0, n = 2 + random.nextInt(4); i < n; i++) {
            int from = random.nextInt(command.length);
            frames.writeBytes(frame(heads[random.nextInt(heads.length)],
                    Arrays.copyOfRange(command, from, from + random.nextInt(command.length - from + 1))));
        }
        return frames.toByteArray();
    }

    private byte[] closePayload() {
        return switch (random.nextInt(4)) {
            case 0 -> randomBytes(1);
            case 1 -> concat(closeCode(), BAD_UTF8[random.nextInt(BAD_UTF8.length)]);
            case 2 -> concat(closeCode(), randomBytes(random.nextInt(123)));
            default -> closeCode();
        };
    }

    private byte[] closeCode() {
        int code = CLOSE_CODES[random.nextInt(CLOSE_CODES.length)];
        return new byte[] {(byte) (code >> 8), (byte) code};
    }

    /** A masked frame with the shortest length form. */
    private byte[] frame(int head, byte[] payload) {
        int form = payload.length < 126 ? 0 : payload.length < 65536 ? 1 : 2;
        return frame(head, payload, true, form, payload.length);
    }

    /**
     * A frame with any first byte, masked or not, its length in the 7-bit (form 0), 16-bit (1) or 64-bit (2) form;
     * {@code declared} is the length written, which may lie ({@code -1}: the real length).
     */
    private byte[] frame(int head, byte[] payload, boolean masked, int form, long declared) {
        long length = declared == -1 ? payload.length : declared;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(head);
        int mask = masked ? 0x80 : 0;
        switch (form) {
            case 0 -> out.write(mask | (int) (length & 0x7f));
            case 1 -> {
                out.write(mask | 126);
                out.write((int) (length >> 8));
                out.write((int) length);
            }
            default -> {
                out.write(mask | 127);
                for (int shift = 56; shift >= 0; shift -= 8) {
                    out.write((int) (length >>> shift));
                }
            }
        }
        byte[] body = payload.clone();
        if (masked) {
            byte[] key = randomBytes(4);
            out.writeBytes(key);
            for (int i = 0; i < body.length; i++) {
                body[i] ^= key[i & 3];
            }
        }
        out.writeBytes(body);
        return out.toByteArray();
    }

    private static boolean sendAndRead(Socket socket, byte[] bytes) {
        try {
            socket.getOutputStream().write(bytes);
            socket.setSoTimeout(READ_MILLIS);
            return read(socket);
        } catch (IOException closed) {
            return false;
        }
    }

    /** Reads until the server is quiet ({@code true}) or closes ({@code false}). */
    private static boolean read(Socket socket) throws IOException {
        socket.setSoTimeout(READ_MILLIS);
        byte[] buffer = new byte[8192];
        InputStream in = socket.getInputStream();
        try {
            for (int total = 0; total < MAX_READ_BYTES; ) {
                int n = in.read(buffer);
                if (n < 0) {
                    return false;
                }
                total += n;
            }
            return true;
        } catch (SocketTimeoutException quiet) {
            return true;
        } catch (IOException reset) {
            return false;
        }
    }

    /** Reads (up to 10 s) until {@code marker} has arrived. */
    private static boolean readUntil(Socket socket, String marker) throws IOException {
        socket.setSoTimeout(10_000);
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        while (!seen.toString(StandardCharsets.ISO_8859_1).contains(marker)) {
            int b;
            try {
                b = in.read();
            } catch (SocketTimeoutException e) {
                return false;
            }
            if (b < 0) {
                return false;
            }
            seen.write(b);
        }
        return true;
    }

    // ---------------------------------------------------------------- mutations and bytes

    /** 1–3 of: bit flips, insertion, deletion, truncation, an interesting byte, a duplicated slice. */
    private byte[] mutateBytes(byte[] input) {
        byte[] b = input.clone();
        for (int round = 0, rounds = 1 + random.nextInt(3); round < rounds; round++) {
            if (b.length == 0) {
                return randomBytes(1 + random.nextInt(16));
            }
            int at = random.nextInt(b.length);
            switch (random.nextInt(6)) {
                case 0 -> {
                    for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                        b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
                    }
                }
                case 1 -> b = concat(Arrays.copyOf(b, at), randomBytes(1 + random.nextInt(16)),
                        Arrays.copyOfRange(b, at, b.length));
                case 2 -> b = concat(Arrays.copyOf(b, at),
                        Arrays.copyOfRange(b, Math.min(b.length, at + 1 + random.nextInt(16)), b.length));
                case 3 -> b = Arrays.copyOf(b, at);
                case 4 -> b[at] = (byte) new int[] {0, 0x7f, 0x80, 0xfb, 0xfc, 0xfd, 0xfe, 0xff}[random.nextInt(8)];
                default -> b = concat(Arrays.copyOf(b, at), Arrays.copyOfRange(b, at, b.length),
                        Arrays.copyOfRange(b, at, b.length));
            }
        }
        return b;
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    // ---------------------------------------------------------------- the server process

    private ChildServer startServer(Path log) throws IOException {
        Path ini = dir.resolve("comet.ini");
        Files.writeString(ini, "[main]\npassword = " + PASSWORD + "\nlogin_max_failures = 0\n[db]\nembedded_path = "
                + dir.resolve("data/c") + "\n[cometql]\nip = 127.0.0.1\nport = 0\n[ws]\nip = 127.0.0.1\nport = 0\n");
        return ChildServer.start(dir, ini, log, "-Xmx256m", "-XX:+UseSerialGC");
    }
}
