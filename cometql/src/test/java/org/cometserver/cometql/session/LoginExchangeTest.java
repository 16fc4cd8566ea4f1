package org.cometserver.cometql.session;

import io.netty.buffer.Unpooled;
import org.cometserver.cometql.auth.MysqlNativePassword;
import org.cometserver.cometql.error.CometQlException;
import org.cometserver.cometql.protocol.MysqlPacket;
import org.cometserver.cometql.spi.CometQlAccounts;
import org.cometserver.cometql.spi.LoginThrottle;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LoginExchangeTest {
    /** Accounts in protected mode: the default password, loopback clients only. */
    private static final CometQlAccounts PROTECTED = new CometQlAccounts() {
        @Override
        public String password(int devId) {
            return TestServer.PASSWORD;
        }

        @Override
        public int devIndexSize() {
            return TestServer.DEV_INDEX_SIZE;
        }

        @Override
        public boolean acceptsRemoteClients() {
            return false;
        }
    };

    /** Records outcomes; blocks every address while {@code blocked} is set. */
    private static final class RecordingThrottle implements LoginThrottle {
        final List<String> events = new ArrayList<>();
        Duration blocked = Duration.ZERO;

        @Override
        public Duration blockedFor(InetAddress address) {
            return blocked;
        }

        @Override
        public void failed(InetAddress address, String listener, String login) {
            events.add("failed " + address.getHostAddress() + " " + listener + " " + login);
        }

        @Override
        public void succeeded(InetAddress address) {
            events.add("succeeded " + address.getHostAddress());
        }
    }

    @Test
    void prefixesVersionsConnectorJWouldReadAsPre51() {
        assertEquals("5.7.99-CppComet community 4.09 (AGPL license)",
                LoginExchange.handshakeVersion("CppComet community 4.09 (AGPL license)"));
        assertEquals("5.7.99-4.09", LoginExchange.handshakeVersion("4.09"));
        assertEquals("8.0.36-comet", LoginExchange.handshakeVersion("8.0.36-comet"));
        assertEquals("10.11.6", LoginExchange.handshakeVersion("10.11.6"));
    }

    @Test
    void protectedModeRefusesNonLoopbackClientsWith1130() throws Exception {
        CometQlException e = assertThrows(CometQlException.class,
                () -> logIn(PROTECTED, LoginThrottle.NONE, "10.1.2.3", TestServer.PASSWORD));
        assertEquals(1130, e.code());
        assertEquals("Host '10.1.2.3' is not allowed to connect: set [main] password in comet.ini to accept "
                + "non-loopback clients", e.getMessage());
    }

    @Test
    void protectedModeAcceptsLoopbackClients() throws Exception {
        assertNotNull(logIn(PROTECTED, LoginThrottle.NONE, "127.0.0.1", TestServer.PASSWORD));
        assertNotNull(logIn(TestServer.ACCOUNTS, LoginThrottle.NONE, "10.1.2.3", TestServer.PASSWORD));
    }

    @Test
    void reportsLoginOutcomesToTheThrottle() throws Exception {
        RecordingThrottle throttle = new RecordingThrottle();
        CometQlException wrong = assertThrows(CometQlException.class,
                () -> logIn(TestServer.ACCOUNTS, throttle, "10.1.2.3", "wrong"));
        assertEquals(16, wrong.code());
        logIn(TestServer.ACCOUNTS, throttle, "10.1.2.3", TestServer.PASSWORD);
        assertEquals(List.of("failed 10.1.2.3 cometql root", "succeeded 10.1.2.3"), throttle.events);
    }

    @Test
    void blockedAddressIsRefusedWith1129BeforeThePasswordIsChecked() throws Exception {
        RecordingThrottle throttle = new RecordingThrottle();
        throttle.blocked = Duration.ofMillis(41_500);
        CometQlException e = assertThrows(CometQlException.class,
                () -> logIn(TestServer.ACCOUNTS, throttle, "10.1.2.3", TestServer.PASSWORD));
        assertEquals(1129, e.code());
        assertEquals("Host '10.1.2.3' is blocked because of many connection errors; retry in 42 s", e.getMessage());
        assertEquals(List.of(), throttle.events);
    }

    private static Object logIn(CometQlAccounts accounts, LoginThrottle throttle, String ip, String password)
            throws UnknownHostException {
        MysqlSession session = new MysqlSession(1, TestServer.config(Duration.ZERO), new ScriptedQueryEngine(),
                new ConnectionCounters());
        LoginExchange exchange = new LoginExchange(session, accounts, throttle,
                new InetSocketAddress(InetAddress.getByName(ip), 40000));
        byte[] response = ClientPackets.handshakeResponse("root",
                MysqlNativePassword.scramble(password, exchange.greeting().scramble()), null,
                MysqlNativePassword.PLUGIN_NAME);
        MysqlPacket packet = new MysqlPacket(1, Unpooled.wrappedBuffer(response));
        try {
            return exchange.handle(packet);
        } finally {
            packet.release();
        }
    }
}
