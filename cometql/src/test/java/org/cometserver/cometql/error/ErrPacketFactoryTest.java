package org.cometserver.cometql.error;

import org.cometserver.cometql.protocol.packet.ErrPacket;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ErrPacketFactoryTest {

    @Test
    void keepsCodeStateAndMessageOfCometQlExceptions() {
        assertEquals(new ErrPacket(15, "HY000", "Table doesn't exist"),
                ErrPacketFactory.create(CometQlErrors.tableDoesNotExist()));
        assertEquals(new ErrPacket(1047, "08S01", "Unknown command"), ErrPacketFactory.create(
                new CompletionException(new CometQlException(1047, "08S01", "Unknown command", null))));
    }

    @Test
    void turnsAnythingElseIntoInternalError() {
        assertEquals(new ErrPacket(500, "HY000", "Internal error"),
                ErrPacketFactory.create(new CompletionException(new NullPointerException("bug"))));
    }
}
