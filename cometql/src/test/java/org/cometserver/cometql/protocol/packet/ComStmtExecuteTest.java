package org.cometserver.cometql.protocol.packet;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.cometserver.cometql.error.CometQlException;
import org.cometserver.cometql.protocol.PacketPayload;
import org.cometserver.cometql.protocol.constant.ColumnType;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ComStmtExecuteTest {

    @Test
    void decodesEveryTypeFamily() {
        int[] types = {ColumnType.TINY, ColumnType.SHORT | 0x8000, ColumnType.LONG, ColumnType.LONGLONG | 0x8000,
                ColumnType.FLOAT, ColumnType.DOUBLE, ColumnType.NEWDECIMAL, ColumnType.VAR_STRING, ColumnType.BLOB,
                ColumnType.DATETIME, ColumnType.TIME, ColumnType.NULL, ColumnType.DATE, ColumnType.LONGLONG};
        ByteBuf buf = Unpooled.buffer();
        PacketPayload out = new PacketPayload(buf);
        out.writeInt1(0).writeInt4(1);
        out.writeBytes(new byte[] {0, (byte) 0x28}); // NULL: params 11 (bit 3 of byte 1) and 13 (bit 5)
        out.writeInt1(1);
        for (int type : types) {
            out.writeInt2(type);
        }
        out.writeInt1(0xff);                         // TINY -1
        out.writeInt2(0xffff);                       // unsigned SHORT 65535
        out.writeInt4(-5);                           // LONG -5
        out.writeInt8(-1);                           // unsigned LONGLONG 2^64-1
        buf.writeFloatLE(1.5f);
        buf.writeDoubleLE(-2.25);
        out.writeStringLenenc("12.50");
        out.writeStringLenenc("héllo");
        out.writeBytesLenenc(new byte[] {0, 1});
        out.writeInt1(11).writeInt2(2024).writeInt1(2).writeInt1(29).writeInt1(13).writeInt1(5).writeInt1(9).writeInt4(7);
        out.writeInt1(8).writeInt1(1).writeInt4(1).writeInt1(2).writeInt1(3).writeInt1(4);
        out.writeInt1(4).writeInt2(1999).writeInt1(12).writeInt1(31);
        ComStmtExecute execute = ComStmtExecute.read(new PacketPayload(buf), types.length, null, new byte[types.length][]);
        List<Object> v = execute.parameters();
        assertEquals(-1L, v.get(0));
        assertEquals(65535L, v.get(1));
        assertEquals(-5L, v.get(2));
        assertEquals(new BigDecimal("18446744073709551615"), v.get(3));
        assertEquals(1.5, v.get(4));
        assertEquals(-2.25, v.get(5));
        assertEquals(new BigDecimal("12.50"), v.get(6));
        assertEquals("héllo", v.get(7));
        assertArrayEquals(new byte[] {0, 1}, (byte[]) v.get(8));
        assertEquals("2024-02-29 13:05:09.000007", v.get(9));
        assertEquals("-26:03:04", v.get(10));
        assertNull(v.get(11));
        assertEquals("1999-12-31", v.get(12));
        assertNull(v.get(13));
        assertEquals(0, buf.readableBytes());
    }

    @Test
    void reusesTypesOfThePreviousExecuteAndMergesLongData() {
        ByteBuf buf = Unpooled.buffer();
        new PacketPayload(buf).writeInt1(0).writeInt4(1).writeInt1(0).writeInt1(0).writeInt8(9);
        byte[][] longData = {null, "long".getBytes(StandardCharsets.UTF_8)};
        ComStmtExecute execute = ComStmtExecute.read(new PacketPayload(buf), 2,
                new int[] {ColumnType.LONGLONG, ColumnType.STRING}, longData);
        assertEquals(Arrays.asList(9L, "long"), execute.parameters());
    }

    @Test
    void refusesMissingTypesAndTruncatedValues() {
        ByteBuf noTypes = Unpooled.buffer();
        new PacketPayload(noTypes).writeInt1(0).writeInt4(1).writeInt1(0).writeInt1(0).writeInt8(9);
        assertThrows(CometQlException.class,
                () -> ComStmtExecute.read(new PacketPayload(noTypes), 1, null, new byte[1][]));
        ByteBuf truncated = Unpooled.buffer();
        new PacketPayload(truncated).writeInt1(0).writeInt4(1).writeInt1(0).writeInt1(1).writeInt2(ColumnType.LONGLONG)
                .writeInt4(9);
        assertThrows(CometQlException.class,
                () -> ComStmtExecute.read(new PacketPayload(truncated), 1, null, new byte[1][]));
    }
}
