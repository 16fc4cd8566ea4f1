package org.cometserver.cometql.session;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;

import static org.cometserver.cometql.session.ClientPackets.query;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The protocol layer on a real socket, with statements completing on another thread. */
class MysqlChannelInitializerTest {
    private static TestServer server;

    @BeforeAll
    static void start() throws InterruptedException {
        server = new TestServer();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void slowStatementsKeepTheOrderOfPipelinedCommands() throws IOException {
        try (RawMysqlClient client = RawMysqlClient.loggedIn(server.port())) {
            ByteArrayOutputStream wire = new ByteArrayOutputStream();
            wire.writeBytes(ClientPackets.framed(0, query("slow 150ms")));
            wire.writeBytes(ClientPackets.framed(0, query("fast")));
            wire.writeBytes(ClientPackets.framed(0, query("slow 20ms")));
            client.writeRaw(wire.toByteArray());
            assertTrue(text(client.readResult().get(3)).endsWith("150"));
            assertTrue(text(client.readResult().get(3)).endsWith("fast"));
            assertTrue(text(client.readResult().get(3)).endsWith("20"));
        }
    }

    @Test
    void joinsAndSplitsSixteenMebibytePackets() throws IOException {
        int length = 0xFF_FFFF + 1000;
        try (RawMysqlClient client = RawMysqlClient.loggedIn(server.port())) {
            client.write(0, query("y".repeat(length - 1)));
            List<RawMysqlClient.Packet> result = client.readResult();
            byte[] row = result.get(3).payload();
            assertEquals(9 + length - 1, row.length);
            // the query took sequence ids 0 and 1, so the reply starts at 2; the row takes 5 and 6
            assertEquals(7, result.get(4).sequenceId());
            client.write(0, query("repeat " + 0xFF_FFFB));
            row = client.readResult().get(3).payload();
            assertEquals(0xFF_FFFF, row.length, "exact multiple, ended by an empty frame");
        }
    }

    @Test
    void garbageOnSomeConnectionsLeavesOthersWorking() throws IOException {
        Random random = new Random(42);
        try (RawMysqlClient bystander = RawMysqlClient.loggedIn(server.port())) {
            for (int i = 0; i < 40; i++) {
                try (RawMysqlClient attacker = new RawMysqlClient(server.port())) {
                    byte[] garbage = new byte[1 + random.nextInt(300)];
                    random.nextBytes(garbage);
                    attacker.writeRaw(garbage);
                }
            }
            try (RawMysqlClient attacker = RawMysqlClient.loggedIn(server.port())) {
                for (int i = 0; i < 200; i++) {
                    byte[] payload = new byte[random.nextInt(40)];
                    random.nextBytes(payload);
                    if (payload.length > 0 && (payload[0] == 0x01 || payload[0] == 0x19 || payload[0] == 0x18)) {
                        payload[0] = 0x55; // QUIT closes, STMT_CLOSE / SEND_LONG_DATA have no reply
                    }
                    attacker.write(0, payload);
                    readAnyReply(attacker, payload.length > 0 ? payload[0] : -1);
                }
                attacker.write(0, query("still here"));
                assertTrue(text(attacker.readResult().get(3)).endsWith("still here"));
            }
            try (RawMysqlClient oversized = RawMysqlClient.loggedIn(server.port())) {
                // a full 16 MiB frame, then a continuation that takes the joined packet over the 20 MiB limit
                oversized.writeRaw(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0});
                oversized.writeRaw(new byte[0xFF_FFFF]);
                oversized.writeRaw(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0x7f, 1});
                assertEquals(1153, oversized.read().errorCode());
                assertTrue(oversized.closedByServer());
            }
            bystander.write(0, query("select rows"));
            assertEquals(7, bystander.readResult().size());
        }
    }

    @Test
    void closesIdleConnectionsAndCountsOpenOnes() throws Exception {
        try (TestServer idle = new TestServer(TestServer.config(Duration.ofMillis(300)));
             RawMysqlClient client = RawMysqlClient.loggedIn(idle.port())) {
            assertEquals(1, idle.openConnections());
            long start = System.nanoTime();
            assertTrue(client.closedByServer());
            assertTrue(System.nanoTime() - start > 200_000_000L);
            Thread.sleep(100);
            assertEquals(0, idle.openConnections());
        }
    }

    @Test
    void mariadbCliConnectsWithAndWithoutSkipSsl() throws Exception {
        for (String ssl : List.of("--skip-ssl", "--ssl=0", "")) {
            List<String> command = new java.util.ArrayList<>(List.of("/usr/bin/mariadb", "-h127.0.0.1",
                    "-P" + server.port(), "-uroot", "-p" + TestServer.PASSWORD, "-DCometQL_v1", "-e", "select rows"));
            if (!ssl.isEmpty()) {
                command.add(1, ssl);
            }
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, process.waitFor(), ssl + ": " + output);
            assertEquals("id\tname\n1\talpha\n2\tNULL\n", output, ssl);
        }
    }

    /** Reads one reply of whatever shape: OK, ERR, EOF, statistics text, PREPARE_OK + definitions, result set. */
    private static void readAnyReply(RawMysqlClient client, int command) throws IOException {
        RawMysqlClient.Packet reply = client.read();
        int type = reply.payload()[0] & 0xff;
        if (type == 0xff || type == 0xfe || command == 0x09 || command == 0x1b) {
            return;
        }
        if (command == 0x16 && type == 0x00) {
            byte[] p = reply.payload();
            int columns = (p[5] & 0xff) | (p[6] & 0xff) << 8;
            int parameters = (p[7] & 0xff) | (p[8] & 0xff) << 8;
            for (int group : new int[] {parameters, columns}) {
                for (int i = 0; group > 0 && i <= group; i++) {
                    client.read();
                }
            }
            return;
        }
        if (type == 0x00) {
            return;
        }
        int eofs = 0;
        while (eofs < 2) {
            byte[] p = client.read().payload();
            if ((p[0] & 0xff) == 0xfe && p.length < 9) {
                eofs++;
            }
        }
    }

    private static String text(RawMysqlClient.Packet packet) {
        return new String(packet.payload(), StandardCharsets.UTF_8);
    }
}
