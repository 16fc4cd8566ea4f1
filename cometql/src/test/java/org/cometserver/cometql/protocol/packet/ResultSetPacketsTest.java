package org.cometserver.cometql.protocol.packet;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Byte layouts of the generic and result-set packets, checked against cometql-wire-auth/conn-001 and conn-010. */
class ResultSetPacketsTest {

    @Test
    void okPackets() {
        assertEquals("00000002000000", PacketBytes.hex(OkPacket.LOGIN));
        assertEquals("0000000200000000", PacketBytes.hex(OkPacket.EMPTY));
        assertEquals("00fc2c01fd40420f0200000005686f6c6161", PacketBytes.hex(OkPacket.of(300, 1_000_000, "holaa")));
    }

    @Test
    void errPacket() {
        assertEquals("ff0f0023485930303053656c656374206461746162617365206661696c757265",
                PacketBytes.hex(new ErrPacket(15, "HY000", "Select database failure")));
    }

    @Test
    void eofAndColumnCount() {
        assertEquals("fe00000200", PacketBytes.hex(EofPacket.INSTANCE));
        assertEquals("01", PacketBytes.hex(new ColumnCount(1)));
    }

    @Test
    void columnDefinitionAsCppComet() {
        assertEquals("0364656600000009404076657273696f6e000c21004d000000fd01001f0000",
                PacketBytes.hex(ColumnDefinition41.resultColumn("@@version", false)));
        assertEquals("036465660000000a44415441424153452829000c21004d000000fd00001f0000",
                PacketBytes.hex(ColumnDefinition41.resultColumn("DATABASE()", true)));
    }

    @Test
    void textRows() {
        assertEquals("0a75736572735f61757468", PacketBytes.hex(new TextResultSetRow(new String[] {"users_auth"})));
        assertEquals("0161fb00", PacketBytes.hex(new TextResultSetRow(new String[] {"a", null, ""})));
        String longValue = "x".repeat(300);
        assertEquals("fc2c01" + "78".repeat(300), PacketBytes.hex(new TextResultSetRow(new String[] {longValue})));
    }

    @Test
    void binaryRowsCarryANullBitmapWithOffsetTwo() {
        assertEquals("00" + "00" + "0161", PacketBytes.hex(new BinaryResultSetRow(new String[] {"a"})));
        // columns 0, 5 and 6 NULL: bits 2, 7 and 8
        assertEquals("00" + "8401" + "0162016301640165",
                PacketBytes.hex(new BinaryResultSetRow(new String[] {null, "b", "c", "d", "e", null, null})));
    }

    @Test
    void prepareOkAndAuthPackets() {
        assertEquals("000100000002000300000000", PacketBytes.hex(new ComStmtPrepareOk(1, 2, 3)));
        assertEquals("0103", PacketBytes.hex(AuthMoreData.FAST_AUTH_SUCCESS));
        assertEquals("fe7000616200", PacketBytes.hex(new AuthSwitchRequest("p", new byte[] {'a', 'b'})));
    }
}
