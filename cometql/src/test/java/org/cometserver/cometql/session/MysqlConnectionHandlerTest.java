package org.cometserver.cometql.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.cometserver.cometql.CometQlConfig;
import org.cometserver.cometql.auth.CachingSha2Password;
import org.cometserver.cometql.auth.MysqlNativePassword;
import org.cometserver.cometql.protocol.PacketPayload;
import org.cometserver.cometql.protocol.constant.ColumnType;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import static org.cometserver.cometql.session.ClientPackets.command;
import static org.cometserver.cometql.session.ClientPackets.handshakeResponse;
import static org.cometserver.cometql.session.ClientPackets.query;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MysqlConnectionHandlerTest {

    @Test
    void greetsWithHandshakeV10() {
        try (EmbeddedClient client = new EmbeddedClient()) {
            byte[] greeting = client.greeting;
            assertEquals(10, greeting[0]);
            String expectedVersion = "5.7.99-" + CometQlConfig.CPPCOMET_VERSION;
            assertEquals(expectedVersion, new String(greeting, 1, expectedVersion.length(), StandardCharsets.US_ASCII));
            for (byte b : ClientPackets.scramble(greeting)) {
                assertTrue(b >= 0x21 && b <= 0x7e && b != '$', "printable scramble byte " + b);
            }
            assertTrue(new String(greeting, StandardCharsets.US_ASCII).endsWith("mysql_native_password\0"));
        }
    }

    @Test
    void logsInWithNativePasswordAndSelectsTheDatabase() {
        try (EmbeddedClient client = EmbeddedClient.loggedIn()) {
            List<EmbeddedClient.Reply> rows = client.send(0, query("whoami"));
            assertEquals("0130", ByteBufUtil.hexDump(rows.get(5).payload(), 0, 2));
            assertTrue(new String(rows.get(5).payload(), StandardCharsets.UTF_8).endsWith("CometQL_v1"));
        }
    }

    @Test
    void numericUserIsTheDevId() {
        try (EmbeddedClient client = new EmbeddedClient()) {
            assertEquals("00000002000000",
                    client.send(1, ClientPackets.nativeLogin(client.greeting, "15", TestServer.PASSWORD, null)).get(0).hex());
            assertEquals("023135", ByteBufUtil.hexDump(client.send(0, query("whoami")).get(5).payload(), 0, 3));
        }
        try (EmbeddedClient client = new EmbeddedClient()) {
            EmbeddedClient.Reply err = client.send(1, ClientPackets.nativeLogin(client.greeting, "100", TestServer.PASSWORD, null)).get(0);
            assertEquals(16, err.errorCode());
            assertEquals("Invalid dev_id value", err.errorMessage());
            assertFalse(client.channel.isOpen());
        }
    }

    @Test
    void wrongPasswordIsError16AndClose() {
        try (EmbeddedClient client = new EmbeddedClient()) {
            List<EmbeddedClient.Reply> replies = client.send(1, ClientPackets.nativeLogin(client.greeting, "root", "wrong", null));
            assertEquals(1, replies.size());
            assertEquals(2, replies.get(0).sequenceId());
            assertEquals("ff1000234859303030" + ByteBufUtil.hexDump("Authentication failure".getBytes(StandardCharsets.UTF_8)),
                    replies.get(0).hex());
            assertFalse(client.channel.isOpen());
        }
    }

    @Test
    void emptyPasswordIsRefusedExceptForHealthChecks() {
        try (EmbeddedClient client = new EmbeddedClient()) {
            EmbeddedClient.Reply err = client.send(1, handshakeResponse("root", new byte[0], null, MysqlNativePassword.PLUGIN_NAME)).get(0);
            assertEquals("Authentication failure, authDataLen!=20", err.errorMessage());
            assertFalse(client.channel.isOpen());
        }
        try (EmbeddedClient client = new EmbeddedClient()) {
            assertEquals("00000002000000", client.send(1,
                    handshakeResponse("haproxy_check_1", new byte[0], null, MysqlNativePassword.PLUGIN_NAME)).get(0).hex());
            EmbeddedClient.Reply denied = client.send(0, query("select rows")).get(0);
            assertEquals(403, denied.errorCode());
            assertEquals("Access denied", denied.errorMessage());
            assertEquals("0000000200000000", client.send(0, command(0x0e, new byte[0])).get(0).hex());
            assertTrue(client.channel.isOpen());
        }
    }

    @Test
    void unknownDatabaseIsError15AndClose() {
        try (EmbeddedClient client = new EmbeddedClient()) {
            EmbeddedClient.Reply err = client.send(1, ClientPackets.nativeLogin(client.greeting, "root", TestServer.PASSWORD, "nosuchdb")).get(0);
            assertEquals("ff0f0023485930303053656c656374206461746162617365206661696c757265", err.hex());
            assertFalse(client.channel.isOpen());
        }
    }

    @Test
    void cachingSha2FastAuth() {
        try (EmbeddedClient client = new EmbeddedClient()) {
            byte[] response = CachingSha2Password.scramble(TestServer.PASSWORD, ClientPackets.scramble(client.greeting));
            List<EmbeddedClient.Reply> replies = client.send(1, handshakeResponse("root", response, null, CachingSha2Password.PLUGIN_NAME));
            assertEquals(2, replies.size());
            assertEquals("0103", replies.get(0).hex());
            assertEquals(2, replies.get(0).sequenceId());
            assertEquals("00000002000000", replies.get(1).hex());
            assertEquals(3, replies.get(1).sequenceId());
        }
        try (EmbeddedClient client = new EmbeddedClient()) {
            byte[] response = CachingSha2Password.scramble("wrong", ClientPackets.scramble(client.greeting));
            assertEquals(16, client.send(1, handshakeResponse("root", response, null, CachingSha2Password.PLUGIN_NAME)).get(0).errorCode());
            assertFalse(client.channel.isOpen());
        }
    }

    @Test
    void otherPluginsAreSwitchedToNativePassword() {
        try (EmbeddedClient client = new EmbeddedClient()) {
            List<EmbeddedClient.Reply> replies = client.send(1, handshakeResponse("root", new byte[32], null, "client_ed25519"));
            EmbeddedClient.Reply request = replies.get(0);
            assertEquals(2, request.sequenceId());
            String plugin = "mysql_native_password";
            assertEquals("fe" + ByteBufUtil.hexDump(plugin.getBytes(StandardCharsets.US_ASCII)) + "00",
                    ByteBufUtil.hexDump(request.payload(), 0, plugin.length() + 2));
            byte[] scramble = Arrays.copyOfRange(request.payload(), plugin.length() + 2, plugin.length() + 22);
            assertFalse(Arrays.equals(scramble, ClientPackets.scramble(client.greeting)), "fresh scramble");
            EmbeddedClient.Reply ok = client.send(3, MysqlNativePassword.scramble(TestServer.PASSWORD, scramble)).get(0);
            assertEquals(4, ok.sequenceId());
            assertEquals("00000002000000", ok.hex());
        }
    }

    @Test
    void malformedLoginIsAnErrorAndClose() {
        try (EmbeddedClient client = new EmbeddedClient()) {
            EmbeddedClient.Reply err = client.send(1, new byte[] {1, 2, 3}).get(0);
            assertEquals(1835, err.errorCode());
            assertFalse(client.channel.isOpen());
        }
    }

    @Test
    void answersAResultSetAsCppComet() {
        try (EmbeddedClient client = EmbeddedClient.loggedIn()) {
            List<EmbeddedClient.Reply> replies = client.send(0, query("select rows"));
            List<String> hex = replies.stream().map(EmbeddedClient.Reply::hex).toList();
            assertEquals(List.of("02",
                    "03646566000000026964000c21004d000000fd01001f0000",
                    "03646566000000046e616d65000c21004d000000fd00001f0000",
                    "fe00000200", "013105616c706861", "0132fb", "fe00000200"), hex);
            for (int i = 0; i < replies.size(); i++) {
                assertEquals(i + 1, replies.get(i).sequenceId());
            }
            assertEquals("00012a0200000000", client.send(0, query("INSERT INTO x VALUES (1)")).get(0).hex());
        }
    }

    @Test
    void errorsKeepTheConnection() {
        try (EmbeddedClient client = EmbeddedClient.loggedIn()) {
            EmbeddedClient.Reply err = client.send(0, query("error 12")).get(0);
            assertEquals("ff0c00234859303030" + ByteBufUtil.hexDump("scripted error 12".getBytes(StandardCharsets.UTF_8)), err.hex());
            assertEquals(500, client.send(0, query("panic")).get(0).errorCode());
            EmbeddedClient.Reply unknown = client.send(0, command(0x55, new byte[] {1})).get(0);
            assertEquals(1047, unknown.errorCode());
            assertEquals("ff1704233038533031556e6b6e6f776e20636f6d6d616e64", unknown.hex());
            assertEquals(1835, client.send(0, new byte[0]).get(0).errorCode());
            assertEquals(1835, client.send(0, command(0x17, new byte[] {1, 0})).get(0).errorCode());
            assertEquals(1243, client.send(0, command(0x17, new byte[] {9, 0, 0, 0, 0, 1, 0, 0, 0})).get(0).errorCode());
            assertEquals(15, client.send(0, command(0x02, "nosuchdb".getBytes(StandardCharsets.UTF_8))).get(0).errorCode());
            assertEquals("0000000200000000", client.send(0, command(0x02, "db_3".getBytes(StandardCharsets.UTF_8))).get(0).hex());
            assertEquals("0133", ByteBufUtil.hexDump(client.send(0, query("whoami")).get(5).payload(), 0, 2));
            assertTrue(client.channel.isOpen());
        }
    }

    @Test
    void queryLongerThanTheLimitIsError11() {
        CometQlConfig d = TestServer.config(Duration.ZERO);
        CometQlConfig config = new CometQlConfig(d.serverVersion(), d.maxPacketSize(), 100, d.planCacheSize(),
                d.maxResultRows(), d.maxHistoryLength(), d.idleTimeout(), false, d.maxExecutionTime());
        try (EmbeddedClient client = new EmbeddedClient(config)) {
            client.send(1, ClientPackets.nativeLogin(client.greeting, "root", TestServer.PASSWORD, null));
            EmbeddedClient.Reply err = client.send(0, query("x".repeat(101))).get(0);
            assertEquals(11, err.errorCode());
            assertEquals("Data is too long", err.errorMessage());
        }
    }

    @Test
    void oversizedPacketIsError1153AndClose() {
        CometQlConfig d = TestServer.config(Duration.ZERO);
        CometQlConfig config = new CometQlConfig(d.serverVersion(), 1000, d.maxQueryLength(), d.planCacheSize(),
                d.maxResultRows(), d.maxHistoryLength(), d.idleTimeout(), false, d.maxExecutionTime());
        try (EmbeddedClient client = new EmbeddedClient(config)) {
            client.send(1, ClientPackets.nativeLogin(client.greeting, "root", TestServer.PASSWORD, null));
            List<EmbeddedClient.Reply> replies = client.sendRaw(new byte[] {(byte) 0xe9, 0x03, 0, 0, 3});
            assertEquals(1153, replies.get(0).errorCode());
            assertFalse(client.channel.isOpen());
        }
    }

    @Test
    void beforeLoginOnlySmallPacketsAreAccepted() {
        try (EmbeddedClient client = new EmbeddedClient()) {
            // a header declaring 20 KiB: refused from the header alone, before any body is buffered
            List<EmbeddedClient.Reply> replies = client.sendRaw(new byte[] {0, 0x50, 0, 1});
            assertEquals(1153, replies.get(0).errorCode());
            assertFalse(client.channel.isOpen());
        }
    }

    @Test
    void afterLoginTheFullPacketSizeAppliesAndLoginCompletedIsFired() {
        try (EmbeddedClient client = new EmbeddedClient()) {
            List<Object> events = new java.util.ArrayList<>();
            client.channel.pipeline().addFirst(new io.netty.channel.ChannelInboundHandlerAdapter() {
                @Override
                public void userEventTriggered(io.netty.channel.ChannelHandlerContext ctx, Object evt) {
                    events.add(evt);
                    ctx.fireUserEventTriggered(evt);
                }
            });
            client.send(1, ClientPackets.nativeLogin(client.greeting, "root", TestServer.PASSWORD, null));
            assertEquals(List.of(LoginCompleted.INSTANCE), events);
            List<EmbeddedClient.Reply> replies = client.send(0, query("echo " + "x".repeat(20_000)));
            assertTrue(replies.get(0).errorCode() < 0);
            assertTrue(client.channel.isOpen());
        }
    }

    @Test
    void pipelinedCommandsAreAnsweredInOrder() {
        try (EmbeddedClient client = EmbeddedClient.loggedIn()) {
            ByteBuf wire = Unpooled.buffer();
            wire.writeBytes(ClientPackets.framed(0, query("first")));
            wire.writeBytes(ClientPackets.framed(0, query("error 3")));
            wire.writeBytes(ClientPackets.framed(0, command(0x0e, new byte[0])));
            wire.writeBytes(ClientPackets.framed(0, query("second")));
            List<EmbeddedClient.Reply> replies = client.sendRaw(ByteBufUtil.getBytes(wire));
            assertEquals(5 + 1 + 1 + 5, replies.size());
            assertTrue(new String(replies.get(3).payload(), StandardCharsets.UTF_8).endsWith("first"));
            assertEquals(3, replies.get(5).errorCode());
            assertEquals("0000000200000000", replies.get(6).hex());
            assertTrue(new String(replies.get(10).payload(), StandardCharsets.UTF_8).endsWith("second"));
        }
    }

    @Test
    void preparedStatementsUseTheBinaryProtocol() {
        try (EmbeddedClient client = EmbeddedClient.loggedIn()) {
            List<EmbeddedClient.Reply> prepared = client.send(0, command(0x16, "SELECT ?, ?".getBytes(StandardCharsets.UTF_8)));
            assertEquals("000100000002000200000000", prepared.get(0).hex());
            assertEquals(1 + 2 + 1 + 2 + 1, prepared.size());
            assertEquals("fe00000200", prepared.get(3).hex());

            ByteBuf execute = Unpooled.buffer();
            new PacketPayload(execute).writeInt1(0x17).writeInt4(1).writeInt1(0).writeInt4(1).writeInt1(0b10)
                    .writeInt1(1).writeInt2(ColumnType.LONGLONG).writeInt2(ColumnType.VAR_STRING).writeInt8(42);
            List<EmbeddedClient.Reply> rows = client.send(0, ByteBufUtil.getBytes(execute));
            assertEquals(1 + 2 + 1 + 1 + 1, rows.size());
            assertEquals("0008" + ByteBufUtil.hexDump("\u0007Long:42".getBytes(StandardCharsets.UTF_8)), rows.get(4).hex());

            // types omitted: the previous ones apply; parameter 1 comes as long data
            client.send(0, command(0x18, new byte[] {1, 0, 0, 0, 1, 0, 'a', 'b'}));
            assertEquals(List.of(), client.send(0, command(0x18, new byte[] {1, 0, 0, 0, 1, 0, 'c'})));
            ByteBuf again = Unpooled.buffer();
            new PacketPayload(again).writeInt1(0x17).writeInt4(1).writeInt1(0).writeInt4(1).writeInt1(0)
                    .writeInt1(0).writeInt8(-3);
            rows = client.send(0, ByteBufUtil.getBytes(again));
            assertEquals("0000" + ByteBufUtil.hexDump("\u0007Long:-3\nString:abc".getBytes(StandardCharsets.UTF_8)),
                    rows.get(4).hex());

            assertEquals("0000000200000000", client.send(0, command(0x1a, new byte[] {1, 0, 0, 0})).get(0).hex());
            assertEquals(List.of(), client.send(0, command(0x19, new byte[] {1, 0, 0, 0})));
            assertEquals(1243, client.send(0, command(0x1a, new byte[] {1, 0, 0, 0})).get(0).errorCode());

            List<EmbeddedClient.Reply> insert = client.send(0, command(0x16, "INSERT INTO t VALUES (1)".getBytes(StandardCharsets.UTF_8)));
            assertEquals("000200000000000000000000", insert.get(0).hex());
            assertEquals(1, insert.size());
            assertEquals("0000070200000000", client.send(0, command(0x17, new byte[] {2, 0, 0, 0, 0, 1, 0, 0, 0})).get(0).hex());
            assertEquals(3, client.send(0, command(0x16, "error 3".getBytes(StandardCharsets.UTF_8))).get(0).errorCode());

            assertEquals("0000000200000000", client.send(0, command(0x1f, new byte[0])).get(0).hex());
            assertEquals(1243, client.send(0, command(0x17, new byte[] {2, 0, 0, 0, 0, 1, 0, 0, 0})).get(0).errorCode());
        }
    }

    @Test
    void otherCommands() {
        try (EmbeddedClient client = EmbeddedClient.loggedIn()) {
            List<EmbeddedClient.Reply> fields = client.send(0, command(0x04, "pipes\0".getBytes(StandardCharsets.UTF_8)));
            assertEquals(3, fields.size());
            assertEquals("036465660005706970657300046e616d65000c21004d000000fd01001f0000", fields.get(0).hex());
            assertEquals("fe00000200", fields.get(2).hex());
            assertEquals(List.of("fe00000200"), client.send(0, command(0x04, "nothing\0".getBytes(StandardCharsets.UTF_8)))
                    .stream().map(EmbeddedClient.Reply::hex).toList());
            assertTrue(new String(client.send(0, command(0x09, new byte[0])).get(0).payload(), StandardCharsets.UTF_8)
                    .startsWith("Uptime: "));
            assertEquals("fe00000200", client.send(0, command(0x1b, new byte[] {1, 0})).get(0).hex());
            assertEquals(List.of(), client.send(0, command(0x01, new byte[0])));
            assertFalse(client.channel.isOpen());
        }
    }
}
