package org.cometserver.cometql.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import org.cometserver.cometql.error.CometQlErrors;
import org.cometserver.cometql.error.CometQlException;

import java.nio.charset.StandardCharsets;

/**
 * Reads and writes the basic data types of the MySQL protocol
 * (<a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_basic_data_types.html">manual</a>)
 * on a packet payload. Every length read from the wire is checked against the bytes left before anything is
 * allocated; a short payload throws {@link CometQlException} {@code ER_MALFORMED_PACKET}.
 */
public final class PacketPayload {
    private final ByteBuf buf;

    public PacketPayload(ByteBuf buf) {
        this.buf = buf;
    }

    public int readableBytes() {
        return buf.readableBytes();
    }

    public boolean hasRemaining() {
        return buf.isReadable();
    }

    // ---- reading

    public int readInt1() {
        require(1);
        return buf.readUnsignedByte();
    }

    public int readInt2() {
        require(2);
        return buf.readUnsignedShortLE();
    }

    public int readInt3() {
        require(3);
        return buf.readUnsignedMediumLE();
    }

    public long readInt4() {
        require(4);
        return buf.readUnsignedIntLE();
    }

    public long readInt8() {
        require(8);
        return buf.readLongLE();
    }

    public float readFloat() {
        require(4);
        return buf.readFloatLE();
    }

    public double readDouble() {
        require(8);
        return buf.readDoubleLE();
    }

    /** int&lt;lenenc&gt;; {@code 0xFB} (NULL) and {@code 0xFF} are not integers here and are rejected. */
    public long readIntLenenc() {
        int first = readInt1();
        if (first < 0xfb) {
            return first;
        }
        return switch (first) {
            case 0xfc -> readInt2();
            case 0xfd -> readInt3();
            case 0xfe -> readInt8();
            default -> throw malformed("invalid length-encoded integer 0x" + Integer.toHexString(first));
        };
    }

    public byte[] readBytesFix(int length) {
        require(length);
        byte[] bytes = new byte[length];
        buf.readBytes(bytes);
        return bytes;
    }

    public void skip(int length) {
        require(length);
        buf.skipBytes(length);
    }

    /** string&lt;NUL&gt;; a payload that ends without the NUL ends the string (clients omit a last NUL). */
    public byte[] readBytesNul() {
        int nul = buf.indexOf(buf.readerIndex(), buf.writerIndex(), (byte) 0);
        int length = (nul < 0 ? buf.writerIndex() : nul) - buf.readerIndex();
        byte[] bytes = readBytesFix(length);
        if (nul >= 0) {
            buf.skipBytes(1);
        }
        return bytes;
    }

    public String readStringNul() {
        return new String(readBytesNul(), StandardCharsets.UTF_8);
    }

    public byte[] readBytesLenenc() {
        return readBytesFix(checkedLength(readIntLenenc()));
    }

    public String readStringLenenc() {
        return new String(readBytesLenenc(), StandardCharsets.UTF_8);
    }

    public byte[] readBytesEof() {
        return readBytesFix(buf.readableBytes());
    }

    public String readStringEof() {
        return buf.readCharSequence(buf.readableBytes(), StandardCharsets.UTF_8).toString();
    }

    /** Turns a length read from the wire into an int, checked against the bytes left. */
    public int checkedLength(long length) {
        if (length < 0 || length > buf.readableBytes()) {
            throw malformed("length " + length + " exceeds the " + buf.readableBytes() + " bytes left");
        }
        return (int) length;
    }

    private void require(int length) {
        if (length < 0 || buf.readableBytes() < length) {
            throw malformed("need " + length + " bytes, " + buf.readableBytes() + " left");
        }
    }

    private static CometQlException malformed(String detail) {
        return new CometQlException(CometQlErrors.ER_MALFORMED_PACKET, "HY000",
                "Malformed communication packet (" + detail + ")", null);
    }

    // ---- writing

    public PacketPayload writeInt1(int value) {
        buf.writeByte(value);
        return this;
    }

    public PacketPayload writeInt2(int value) {
        buf.writeShortLE(value);
        return this;
    }

    public PacketPayload writeInt4(long value) {
        buf.writeIntLE((int) value);
        return this;
    }

    public PacketPayload writeInt8(long value) {
        buf.writeLongLE(value);
        return this;
    }

    public PacketPayload writeIntLenenc(long value) {
        if (value >= 0 && value < 0xfb) {
            buf.writeByte((int) value);
        } else if (value >= 0 && value < 0x1_0000) {
            buf.writeByte(0xfc).writeShortLE((int) value);
        } else if (value >= 0 && value < 0x100_0000) {
            buf.writeByte(0xfd).writeMediumLE((int) value);
        } else {
            buf.writeByte(0xfe).writeLongLE(value);
        }
        return this;
    }

    public PacketPayload writeBytes(byte[] bytes) {
        buf.writeBytes(bytes);
        return this;
    }

    public PacketPayload writeZero(int length) {
        buf.writeZero(length);
        return this;
    }

    public PacketPayload writeStringNul(String value) {
        buf.writeCharSequence(value, StandardCharsets.UTF_8);
        buf.writeByte(0);
        return this;
    }

    public PacketPayload writeStringLenenc(String value) {
        writeIntLenenc(ByteBufUtil.utf8Bytes(value));
        buf.writeCharSequence(value, StandardCharsets.UTF_8);
        return this;
    }

    public PacketPayload writeBytesLenenc(byte[] value) {
        writeIntLenenc(value.length);
        buf.writeBytes(value);
        return this;
    }

    public PacketPayload writeStringEof(String value) {
        buf.writeCharSequence(value, StandardCharsets.UTF_8);
        return this;
    }
}
