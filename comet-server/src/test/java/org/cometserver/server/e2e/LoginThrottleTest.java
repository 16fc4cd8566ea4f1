package org.cometserver.server.e2e;

import org.cometserver.server.e2e.RawMysqlClient.Err;
import org.cometserver.server.e2e.RawMysqlClient.Ok;
import org.cometserver.server.e2e.RawMysqlClient.Reply;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code [main] login_max_failures}: an address that guessed wrong too often is refused; other addresses are not. */
class LoginThrottleTest {

    @Test
    void tenWrongPasswordsBlockTheAddressOnly() throws IOException {
        try (E2eServer server = E2eServer.embedded()) {
            for (int i = 0; i < 10; i++) {
                Err wrong = assertInstanceOf(Err.class, logIn(server, "127.0.0.2", "wrong"));
                assertEquals(16, wrong.code());
            }
            Err blocked = assertInstanceOf(Err.class, logIn(server, "127.0.0.2", MariadbCli.PASSWORD));
            assertEquals(1129, blocked.code());
            assertTrue(blocked.message().startsWith("Host '127.0.0.2' is blocked because of many connection errors;"
                    + " retry in "), blocked.message());
            assertInstanceOf(Ok.class, logIn(server, "127.0.0.3", MariadbCli.PASSWORD));
        }
    }

    private static Reply logIn(E2eServer server, String localIp, String password) throws IOException {
        try (RawMysqlClient client = RawMysqlClient.openFrom(localIp, server.port())) {
            return client.authenticate("root", password, null);
        }
    }
}
