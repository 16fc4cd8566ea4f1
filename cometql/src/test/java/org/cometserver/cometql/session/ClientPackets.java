package org.cometserver.cometql.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.cometserver.cometql.auth.MysqlNativePassword;
import org.cometserver.cometql.protocol.PacketPayload;
import org.cometserver.cometql.protocol.constant.CapabilityFlags;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Payloads a MySQL client sends, built for tests. */
final class ClientPackets {
    static final int CLIENT_CAPABILITIES = CapabilityFlags.SERVER_CAPABILITIES | CapabilityFlags.MULTI_STATEMENTS;

    private ClientPackets() {
    }

    /** The scramble inside a greeting payload. */
    static byte[] scramble(byte[] greeting) {
        int versionEnd = 1;
        while (greeting[versionEnd] != 0) {
            versionEnd++;
        }
        int part1 = versionEnd + 1 + 4;
        byte[] scramble = Arrays.copyOfRange(greeting, part1, part1 + 20);
        System.arraycopy(greeting, part1 + 8 + 1 + 2 + 1 + 2 + 2 + 1 + 10, scramble, 8, 12);
        return scramble;
    }

    static byte[] handshakeResponse(String user, byte[] authResponse, String database, String plugin) {
        ByteBuf buf = Unpooled.buffer();
        PacketPayload out = new PacketPayload(buf);
        out.writeInt4(CLIENT_CAPABILITIES).writeInt4(16 * 1024 * 1024).writeInt1(45).writeZero(23)
                .writeStringNul(user).writeBytesLenenc(authResponse);
        out.writeStringNul(database == null ? "" : database).writeStringNul(plugin);
        out.writeIntLenenc(9).writeStringLenenc("_os").writeStringLenenc("test");
        return ByteBufUtil.getBytes(buf);
    }

    static byte[] nativeLogin(byte[] greeting, String user, String password, String database) {
        return handshakeResponse(user, MysqlNativePassword.scramble(password, scramble(greeting)), database,
                MysqlNativePassword.PLUGIN_NAME);
    }

    static byte[] command(int type, byte[] body) {
        byte[] payload = new byte[body.length + 1];
        payload[0] = (byte) type;
        System.arraycopy(body, 0, payload, 1, body.length);
        return payload;
    }

    static byte[] query(String sql) {
        return command(0x03, sql.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] framed(int sequenceId, byte[] payload) {
        ByteBuf buf = Unpooled.buffer();
        buf.writeMediumLE(payload.length).writeByte(sequenceId).writeBytes(payload);
        return ByteBufUtil.getBytes(buf);
    }
}
