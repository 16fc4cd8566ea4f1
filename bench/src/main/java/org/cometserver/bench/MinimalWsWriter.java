package org.cometserver.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The floor the fan-out benchmark measures against (issue #13): no framework, plain NIO. Each of {@code threads}
 * selector threads owns the connections accepted round-robin onto it; a {@code publish\n<pipe>\n<text>} command (the
 * {@link BareNettyWsHandler} syntax) encodes the server frame once, hands it to the other threads (a queue and a
 * selector wake-up, as an event loop hop) and writes it with one {@code write} per subscriber socket in a loop. What
 * is left is the kernel's cost of a small loopback write per subscriber and one wake-up per thread. It speaks just
 * enough RFC 6455 for the load client: the upgrade, a greeting frame, masked client frames up to 64 KiB, and treats
 * any {@code subscription} command as a subscription to the one channel. Started by {@code bench/ws-fanout.sh}.
 *
 * <pre>java -cp bench.jar org.cometserver.bench.MinimalWsWriter port=N [threads=2]</pre>
 */
public final class MinimalWsWriter {
    private static final byte[] GREETING = ("{\"authorized\":false,\"data\":\"\",\"event\":\"serverInfo\","
            + "\"pipe\":\"sys\",\"server\":\"minimal writer\"}").getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SUBSCRIPTION = "subscription\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PUBLISH = "publish\n".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_FRAME = 64 * 1024;
    /** Unsent bytes a subscriber may hold before it is dropped (only the throughput phase gets near it). */
    private static final int MAX_PENDING = 4 << 20;

    private final ServerSocketChannel server;
    private final Writer[] writers;
    private final Thread acceptor;
    private volatile boolean running = true;

    private MinimalWsWriter(int port, int threads) throws IOException {
        this.server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress("127.0.0.1", port), 4096);
        this.writers = new Writer[threads];
        for (int i = 0; i < threads; i++) {
            writers[i] = new Writer(writers);
        }
        for (int i = 0; i < threads; i++) {
            Thread thread = new Thread(writers[i]::run, "minimal-ws-" + i);
            thread.setDaemon(true);
            thread.start();
        }
        this.acceptor = new Thread(this::accept, "minimal-ws-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Listens on 127.0.0.1:{@code port} (0: any free port) with {@code threads} writer threads. */
    static MinimalWsWriter start(int port, int threads) throws IOException {
        return new MinimalWsWriter(port, threads);
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        ReferenceServerArgs parsed = ReferenceServerArgs.parse(args, 2, "MinimalWsWriter port=N [threads=2]");
        MinimalWsWriter writer = start(parsed.port(), parsed.threads());
        System.out.println("minimal ws writer listening on " + writer.address() + " (" + parsed.threads()
                + " threads)");
        writer.acceptor.join();
    }

    InetSocketAddress address() throws IOException {
        return (InetSocketAddress) server.getLocalAddress();
    }

    /** Stops accepting and closes every connection (the writer threads end with their selectors). */
    void close() throws IOException {
        running = false;
        server.close();
        for (Writer writer : writers) {
            writer.close();
        }
    }

    private void accept() {
        for (int next = 0; running; next = (next + 1) % writers.length) {
            try {
                SocketChannel channel = server.accept();
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                channel.configureBlocking(false);
                writers[next].adopt(channel);
            } catch (IOException e) {
                if (running) {
                    System.err.println("minimal writer: accept: " + e);
                }
                return;
            }
        }
    }

    /** One selector thread and its connections; {@link #adopt} and {@link #post} are called from other threads. */
    private static final class Writer {
        private final Writer[] all;
        private final Selector selector;
        private final ConcurrentLinkedQueue<SocketChannel> adopted = new ConcurrentLinkedQueue<>();
        private final ConcurrentLinkedQueue<ByteBuffer> posted = new ConcurrentLinkedQueue<>();
        private final List<Connection> subscribers = new ArrayList<>();
        private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(MAX_FRAME + 16);
        private volatile boolean closing;

        Writer(Writer[] all) throws IOException {
            this.all = all;
            this.selector = Selector.open();
        }

        void adopt(SocketChannel channel) {
            adopted.add(channel);
            selector.wakeup();
        }

        void post(ByteBuffer frame) {
            posted.add(frame);
            selector.wakeup();
        }

        void close() {
            closing = true;
            selector.wakeup();
        }

        void run() {
            try {
                while (!closing) {
                    selector.select();
                    for (SocketChannel channel; (channel = adopted.poll()) != null; ) {
                        Connection c = new Connection(channel);
                        c.key = channel.register(selector, SelectionKey.OP_READ, c);
                    }
                    for (ByteBuffer frame; (frame = posted.poll()) != null; ) {
                        writeAll(frame);
                    }
                    for (SelectionKey key : selector.selectedKeys()) {
                        Connection c = (Connection) key.attachment();
                        try {
                            if (key.isValid() && key.isWritable()) {
                                c.flushPending();
                            }
                            if (key.isValid() && key.isReadable()) {
                                read(c);
                            }
                        } catch (IOException | RuntimeException e) {
                            drop(c);
                        }
                    }
                    selector.selectedKeys().clear();
                }
            } catch (IOException e) {
                System.err.println("minimal writer: " + e);
            } finally {
                for (SelectionKey key : selector.keys()) {
                    try {
                        key.channel().close();
                    } catch (IOException ignored) {
                        // closing anyway
                    }
                }
                try {
                    selector.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        }

        /** One write per subscriber of the frame shared by every thread (read-only, so each takes a duplicate). */
        private void writeAll(ByteBuffer shared) {
            ByteBuffer frame = shared.duplicate();
            for (int i = 0; i < subscribers.size(); i++) {
                Connection c = subscribers.get(i);
                try {
                    c.send(frame);
                } catch (IOException e) {
                    drop(c);
                    i--;
                }
                frame.position(0);
            }
        }

        private void read(Connection c) throws IOException {
            readBuffer.clear();
            readBuffer.put(c.carried, 0, c.carriedLength);
            int n = c.channel.read(readBuffer);
            if (n < 0) {
                drop(c);
                return;
            }
            readBuffer.flip();
            if (!c.upgraded) {
                int end = headEnd(readBuffer);
                if (end < 0) {
                    c.carry(readBuffer);
                    return;
                }
                upgrade(c, readBuffer, end);
                readBuffer.position(end);
            }
            while (readBuffer.remaining() >= 2) {
                int start = readBuffer.position();
                int length7 = readBuffer.get(start + 1) & 0x7F;
                int header = (length7 < 126 ? 2 : 4) + 4;
                if (length7 == 127) {
                    throw new IOException("client frame over 64 KiB");
                }
                if (readBuffer.remaining() < header) {
                    break;
                }
                int payload = length7 < 126 ? length7 : readBuffer.getShort(start + 2) & 0xFFFF;
                if (readBuffer.remaining() < header + payload) {
                    break;
                }
                int mask = start + header - 4;
                byte[] text = new byte[payload];
                for (int i = 0; i < payload; i++) {
                    text[i] = (byte) (readBuffer.get(mask + 4 + i) ^ readBuffer.get(mask + (i & 3)));
                }
                readBuffer.position(start + header + payload);
                command(c, text);
            }
            c.carry(readBuffer);
        }

        private void command(Connection c, byte[] text) {
            if (startsWith(text, SUBSCRIPTION) && !c.subscribed) {
                c.subscribed = true;
                subscribers.add(c);
            } else if (startsWith(text, PUBLISH)) {
                int pipeEnd = indexOf(text, PUBLISH.length, (byte) '\n');
                if (pipeEnd > 0) {
                    ByteBuffer frame = frame(text, pipeEnd + 1, text.length - pipeEnd - 1);
                    // the others first: their wake-up overlaps this thread's writes
                    for (Writer other : all) {
                        if (other != this) {
                            other.post(frame);
                        }
                    }
                    writeAll(frame);
                }
            }
        }

        private static void upgrade(Connection c, ByteBuffer buf, int end) throws IOException {
            String head = StandardCharsets.ISO_8859_1.decode(buf.slice(0, end)).toString();
            String key = null;
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).equalsIgnoreCase("Sec-WebSocket-Key")) {
                    key = line.substring(colon + 1).strip();
                }
            }
            if (key == null) {
                throw new IOException("no Sec-WebSocket-Key");
            }
            byte[] answer = ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: " + WsHandshake.acceptValue(key) + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            ByteBuffer greeting = frame(GREETING, 0, GREETING.length);
            ByteBuffer out = ByteBuffer.allocate(answer.length + greeting.remaining()).put(answer).put(greeting).flip();
            c.send(out);
            c.upgraded = true;
        }

        private void drop(Connection c) {
            if (c.subscribed) {
                subscribers.remove(c);
                c.subscribed = false;
            }
            c.key.cancel();
            try {
                c.channel.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    /** One client connection, confined to its writer thread. */
    private static final class Connection {
        final SocketChannel channel;
        SelectionKey key;
        boolean upgraded;
        boolean subscribed;
        byte[] carried = new byte[0];
        int carriedLength;
        /** Bytes the socket did not take yet (a slow reader), written on OP_WRITE; null when none. */
        ByteBuffer pending;

        Connection(SocketChannel channel) {
            this.channel = channel;
        }

        /** Writes {@code frame} (position to limit) now, or queues what the socket does not take. */
        void send(ByteBuffer frame) throws IOException {
            if (pending == null) {
                channel.write(frame);
                if (!frame.hasRemaining()) {
                    return;
                }
                pending = ByteBuffer.allocate(Math.max(4096, frame.remaining() * 2));
                key.interestOpsOr(SelectionKey.OP_WRITE);
            }
            if (pending.remaining() < frame.remaining()) {
                if (pending.position() + frame.remaining() > MAX_PENDING) {
                    throw new IOException("subscriber too slow");
                }
                ByteBuffer larger = ByteBuffer.allocate(Math.min(MAX_PENDING, 2 * (pending.position()
                        + frame.remaining())));
                pending = larger.put(pending.flip());
            }
            pending.put(frame);
        }

        void flushPending() throws IOException {
            if (pending == null) {
                return;
            }
            pending.flip();
            channel.write(pending);
            if (pending.hasRemaining()) {
                pending.compact();
                return;
            }
            pending = null;
            key.interestOps(SelectionKey.OP_READ);
        }

        void carry(ByteBuffer buf) {
            carriedLength = buf.remaining();
            if (carried.length < carriedLength) {
                carried = new byte[carriedLength];
            }
            buf.get(carried, 0, carriedLength);
        }
    }

    /** An unmasked server text frame. */
    private static ByteBuffer frame(byte[] payload, int offset, int length) {
        int header = length < 126 ? 2 : 4;
        ByteBuffer frame = ByteBuffer.allocateDirect(header + length);
        frame.put((byte) 0x81);
        if (length < 126) {
            frame.put((byte) length);
        } else {
            frame.put((byte) 126).putShort((short) length);
        }
        return frame.put(payload, offset, length).flip();
    }

    private static int headEnd(ByteBuffer buf) {
        for (int i = buf.position() + 3; i < buf.limit(); i++) {
            if (buf.get(i) == '\n' && buf.get(i - 1) == '\r' && buf.get(i - 2) == '\n' && buf.get(i - 3) == '\r') {
                return i + 1;
            }
        }
        return -1;
    }

    private static boolean startsWith(byte[] text, byte[] prefix) {
        if (text.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (text[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] text, int from, byte b) {
        for (int i = from; i < text.length; i++) {
            if (text[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
