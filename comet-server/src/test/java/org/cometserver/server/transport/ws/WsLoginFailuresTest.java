package org.cometserver.server.transport.ws;

import org.cometserver.server.CometServer;
import org.cometserver.server.auth.JwtTokens;
import org.cometserver.server.config.CometConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #8: failed browser logins count per address ({@code [main] login_max_failures}); a blocked address gets an
 * error frame and close 4004 without its key being checked; while {@code [main] password} is the default, JWT logins
 * are refused like wrong keys.
 */
class WsLoginFailuresTest {
    private static final String UUID = "loginUUIDloginUUIDloginUUIDlog01";

    @TempDir
    Path dir;

    @Test
    void wrongKeysBlockTheAddressAndABlockedLoginIsRefusedWith4004() throws Exception {
        try (CometServer server = start("CometQLPassword", 3)) {
            sql(server, "CometQLPassword", "INSERT INTO users_auth (id, hash) VALUES (91, 'right')");
            for (int i = 0; i < 3; i++) {
                try (WsTestClient wrong = user(server, "wrong" + i, 91)) {
                    assertTrue(wrong.next().contains("\"authorized\":false"));
                }
            }
            try (WsTestClient blocked = user(server, "right", 91)) {
                String refusal = blocked.next();
                assertTrue(refusal.contains("Too many failed logins, retry in 60 s"), refusal);
                assertTrue(refusal.contains("\"error_code\":4004"), refusal);
                assertEquals(WsTestClient.CLOSED, blocked.next());
                assertEquals(4004, blocked.closeCode);
            }
            try (WsTestClient anonymous = user(server, "", 0)) {
                assertTrue(anonymous.next().contains("\"authorized\":false"), "anonymous connections still work");
            }
        }
    }

    @Test
    void withTheDefaultPasswordJwtLoginsAreRefusedAsWrongKeys() throws Exception {
        try (CometServer server = start("password", 1)) {
            sql(server, "password", "INSERT INTO users_auth (id, hash) VALUES (92, 'right')");
            String token = new JwtTokens("password", Clock.systemUTC())
                    .issue(0, 92, Clock.systemUTC().instant().getEpochSecond() + 3600);
            try (WsTestClient forged = user(server, token, 92)) {
                assertTrue(forged.next().contains("\"authorized\":false"), "a guessable secret signs nothing");
            }
            try (WsTestClient blocked = user(server, "right", 92)) {
                assertTrue(blocked.next().contains("\"error_code\":4004"), "the token counted as a failed login");
            }
        }
    }

    private CometServer start(String password, int maxFailures) {
        return CometServer.start(CometConfig.parse("""
                [main]
                password = %s
                login_max_failures = %d
                login_block_time = 60
                [db]
                embedded_path = %s
                [cometql]
                ip = 127.0.0.1
                port = 0
                [ws]
                ip = 127.0.0.1
                port = 0
                thread_num = 1
                """.formatted(password, maxFailures, dir.resolve("comet"))));
    }

    private static WsTestClient user(CometServer server, String key, long id) {
        return WsTestClient.connect(server.wsPort(), WsTestClient.url(key, String.valueOf(id), "4.08", UUID));
    }

    private static void sql(CometServer server, String password, String statement) throws SQLException {
        try (Connection cometQl = DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + server.cometQlPort()
                + "/CometQL_v1?sslMode=DISABLED", "root", password);
             Statement s = cometQl.createStatement()) {
            s.execute(statement);
        }
    }
}
