package org.cometserver.server.e2e;

import org.cometserver.server.e2e.RawMysqlClient.Ok;
import org.cometserver.server.e2e.RawMysqlClient.Reply;
import org.cometserver.server.e2e.RawMysqlClient.ResultSet;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** What CppComet kept in MySQL survives a restart on the same store: embedded H2 and a real MariaDB. */
class RestartPersistenceTest {

    @Test
    void embeddedStoreSurvivesRestart() throws IOException {
        writeRestartAndRead(E2eServer::embedded);
    }

    @Test
    void mariaDbStoreSurvivesRestart() throws IOException {
        writeRestartAndRead(E2eServer::mariaDb);
    }

    private static void writeRestartAndRead(Supplier<E2eServer> servers) throws IOException {
        try (E2eServer server = servers.get()) {
            try (RawMysqlClient client = login(server)) {
                ok(client, "INSERT INTO users_auth (id, hash) VALUES (41, 'persisted_key')");
                ok(client, "INSERT INTO pipes_settings (name, length) VALUES ('kept_channel', 5)");
                ok(client, "INSERT INTO pipes_messages (name, event, message) VALUES ('kept_channel', 'ev', 'first')");
                ok(client, "INSERT INTO pipes_messages (name, event, message) VALUES ('kept_channel', 'ev', 'second')");
                // user 42 has no connection: the message is queued for his next login
                ok(client, "INSERT INTO users_messages (id, event, message) VALUES (42, 'ev', 'while you were away')");
            }

            server.restart();

            try (RawMysqlClient client = login(server)) {
                assertEquals(List.of(List.of("41", "persisted_key")),
                        rows(client, "SELECT * FROM users_auth WHERE id = 41"));
                assertEquals(List.of(List.of("kept_channel", "5")),
                        rows(client, "SELECT * FROM pipes_settings WHERE name = 'kept_channel'"));
                assertEquals(List.of(List.of("ev", "first"), List.of("ev", "second")),
                        rows(client, "SELECT event, message FROM pipes_messages WHERE name = 'kept_channel'"));
                assertEquals(List.of(List.of("42", "ev", "while you were away")),
                        rows(client, "SELECT id, event, message FROM users_messages WHERE id = 42"));
            }
        }
    }

    private static RawMysqlClient login(E2eServer server) throws IOException {
        return RawMysqlClient.login(server.port(), "root", MariadbCli.PASSWORD, "CometQL_v1");
    }

    private static void ok(RawMysqlClient client, String sql) throws IOException {
        Reply reply = client.query(sql);
        assertInstanceOf(Ok.class, reply, sql);
    }

    private static List<List<String>> rows(RawMysqlClient client, String sql) throws IOException {
        Reply reply = client.query(sql);
        return assertInstanceOf(ResultSet.class, reply, sql).rows();
    }
}
