package org.cometserver.cometql.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.cometserver.cometql.CometQlConfig;
import org.cometserver.cometql.spi.LoginThrottle;

import java.util.ArrayList;
import java.util.List;

/** A connection through the whole pipeline on an {@link EmbeddedChannel}; replies are cut into packets. */
final class EmbeddedClient implements AutoCloseable {
    record Reply(int sequenceId, byte[] payload) {
        String hex() {
            return ByteBufUtil.hexDump(payload);
        }

        int errorCode() {
            return (payload[0] & 0xff) == 0xff ? (payload[1] & 0xff) | (payload[2] & 0xff) << 8 : -1;
        }

        String errorMessage() {
            return new String(payload, 9, payload.length - 9, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    final ScriptedQueryEngine engine = new ScriptedQueryEngine();
    final EmbeddedChannel channel;
    final byte[] greeting;

    EmbeddedClient() {
        this(TestServer.config(java.time.Duration.ZERO));
    }

    EmbeddedClient(CometQlConfig config) {
        channel = new EmbeddedChannel(new MysqlChannelInitializer(config, engine, TestServer.ACCOUNTS, LoginThrottle.NONE));
        List<Reply> hello = replies();
        greeting = hello.get(0).payload();
    }

    /** Logs in as root with the right password, checks the OK. */
    static EmbeddedClient loggedIn() {
        EmbeddedClient client = new EmbeddedClient();
        List<Reply> ok = client.send(1, ClientPackets.nativeLogin(client.greeting, "root", TestServer.PASSWORD,
                "CometQL_v1"));
        if (ok.size() != 1 || !ok.get(0).hex().equals("00000002000000")) {
            throw new AssertionError("login failed: " + ok);
        }
        return client;
    }

    List<Reply> send(int sequenceId, byte[] payload) {
        return sendRaw(ClientPackets.framed(sequenceId, payload));
    }

    List<Reply> sendRaw(byte[] bytes) {
        channel.writeInbound(Unpooled.wrappedBuffer(bytes));
        channel.runPendingTasks();
        return replies();
    }

    List<Reply> replies() {
        ByteBuf all = Unpooled.buffer();
        ByteBuf out;
        while ((out = channel.readOutbound()) != null) {
            all.writeBytes(out);
            out.release();
        }
        List<Reply> replies = new ArrayList<>();
        while (all.readableBytes() >= 4) {
            int length = all.readUnsignedMediumLE();
            int sequenceId = all.readUnsignedByte();
            replies.add(new Reply(sequenceId, ByteBufUtil.getBytes(all.readSlice(length))));
        }
        if (all.isReadable()) {
            throw new AssertionError("partial packet in output");
        }
        return replies;
    }

    @Override
    public void close() {
        channel.finishAndReleaseAll();
        engine.close();
    }
}
