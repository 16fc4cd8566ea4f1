package org.cometserver.cometql.auth;

import org.cometserver.cometql.protocol.Recordings;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MysqlNativePasswordTest {

    @Test
    void verifiesTheRecordedMariadbCliLogin() {
        // cometql-wire-auth/conn-001: the CLI logged in to CppComet with password CometQLPassword
        Recordings.Connection login = Recordings.read(Recordings.CPPCOMET.resolve("cometql-wire-auth/conn-001.jsonl"));
        byte[] greeting = login.serverPackets().get(0).payload();
        byte[] scramble = new byte[20];
        System.arraycopy(greeting, 44, scramble, 0, 8);
        System.arraycopy(greeting, 71, scramble, 8, 12);
        byte[] response = login.clientPackets().get(0).payload();
        byte[] auth = Arrays.copyOfRange(response, 32 + 5 + 1, 32 + 5 + 1 + 20);
        assertTrue(MysqlNativePassword.verify("CometQLPassword", scramble, auth));
        assertFalse(MysqlNativePassword.verify("WrongPassword", scramble, auth));
    }
}
