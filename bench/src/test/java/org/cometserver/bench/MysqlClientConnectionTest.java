package org.cometserver.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class MysqlClientConnectionTest {
    private static byte[] recordedAnswer(String sql) {
        return switch (sql) {
            case "select @@version" -> CppCometRecording.VERSION_RESULT_SET_FRAMED;
            case "bad" -> CppCometRecording.ERR_FRAMED;
            default -> CppCometRecording.INSERT_OK_FRAMED;
        };
    }

    private static MysqlClientConnection logIn(FakeMysqlServer server, String password) throws IOException {
        return MysqlClientConnection.open("127.0.0.1", server.port(), "root", password, "CometQL_v1");
    }

    @Test
    void logsInToCppCometsGreetingWithTheRecordedAuthBytes() throws IOException {
        try (FakeMysqlServer server = new FakeMysqlServer(MysqlClientConnectionTest::recordedAnswer, false);
             MysqlClientConnection ignored = logIn(server, CppCometRecording.PASSWORD)) {
            byte[] response = server.handshakeResponses().get(0);
            assertArrayEquals(CppCometRecording.AUTH_RESPONSE, FakeMysqlServer.authBytes(response));
            assertEquals("root", FakeMysqlServer.userName(response));
            assertEquals("CometQL_v1", FakeMysqlServer.database(response));
        }
    }

    @Test
    void followsAnAuthSwitchRequestToNativePassword() throws IOException {
        try (FakeMysqlServer server = new FakeMysqlServer(MysqlClientConnectionTest::recordedAnswer, true);
             MysqlClientConnection connection = logIn(server, CppCometRecording.PASSWORD)) {
            connection.send(MysqlClientConnection.comQueryPackets("DO 1", 1));
            assertEquals(MysqlClientConnection.Answer.OK, connection.readAnswer());
        }
    }

    @Test
    void reportsARefusedLogin() throws IOException {
        try (FakeMysqlServer server = new FakeMysqlServer(MysqlClientConnectionTest::recordedAnswer, false)) {
            IOException refused = assertThrows(IOException.class, () -> logIn(server, "wrong"));
            assertTrue(refused.getMessage().contains("Authentication failure"), refused.getMessage());
        }
    }

    @Test
    void readsOkErrAndResultSetAnswersAndStaysInStep() throws IOException {
        try (FakeMysqlServer server = new FakeMysqlServer(MysqlClientConnectionTest::recordedAnswer, false);
             MysqlClientConnection connection = logIn(server, CppCometRecording.PASSWORD)) {
            connection.send(MysqlClientConnection.comQueryPackets("select @@version", 1));
            assertEquals(MysqlClientConnection.Answer.RESULT_SET, connection.readAnswer());
            connection.send(MysqlClientConnection.comQueryPackets("bad", 1));
            assertEquals(MysqlClientConnection.Answer.ERR, connection.readAnswer());
            assertEquals("ERR 17: Channel name is too short", connection.lastError());
            connection.send(MysqlClientConnection.comQueryPackets(BenchOptions.COMETQL_INSERT, 1));
            assertEquals(MysqlClientConnection.Answer.OK, connection.readAnswer());
        }
    }

    @Test
    void readsOneAnswerPerPipelinedQuery() throws IOException {
        try (FakeMysqlServer server = new FakeMysqlServer(MysqlClientConnectionTest::recordedAnswer, false);
             MysqlClientConnection connection = logIn(server, CppCometRecording.PASSWORD)) {
            connection.send(MysqlClientConnection.comQueryPackets("select @@version", 3));
            for (int i = 0; i < 3; i++) {
                assertEquals(MysqlClientConnection.Answer.RESULT_SET, connection.readAnswer());
            }
        }
    }
}
