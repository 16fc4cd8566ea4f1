package org.cometserver.bench;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Many WebSocket client connections driven by one NIO selector thread: opens connections up to {@link #openUpTo},
 * upgrades them, counts the greeting frame ({@code serverInfo} from the comet server), optionally answers it with a
 * command (the subscription), and hands every later text frame to a {@link Listener} on the loop thread. Counters are
 * written by the loop thread only and read by others.
 */
final class WsClientPool implements AutoCloseable {
    /** Called on the loop thread for each text frame after the greeting; the buffer is only valid during the call. */
    interface Listener {
        void onText(WsConnection connection, ByteBuffer frame, int payloadStart, int payloadLength);
    }

    /** Handshakes in flight at once: enough to connect thousands per second without flooding the accept backlog. */
    static final int MAX_CONNECTING = 256;
    private static final long SELECT_MILLIS = 10;
    static final int FIRST_SOURCE_PORT = 20_000;
    private static final int LAST_SOURCE_PORT = 65_535;

    /** Connection i goes to {@code servers[i % servers.size()]}: subscribers spread evenly over a cluster's nodes. */
    private final List<InetSocketAddress> servers;
    private final InetAddress source;
    private final byte[] afterGreeting;
    private final Listener listener;
    private final Selector selector;
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(64 * 1024);
    private final byte[] copyBuffer = new byte[64 * 1024];
    private final List<WsConnection> connections = new ArrayList<>();
    private final Thread loop;
    private volatile int target;
    private volatile boolean running = true;
    private volatile int greeted;
    private volatile int closedByServer;
    private volatile int failed;
    private volatile String firstProblem;
    private int attempts;
    private int nextSourcePort = FIRST_SOURCE_PORT;
    private int connecting;

    /**
     * @param source        local address to bind (several 127.0.0.x pass the 28k ephemeral ports of one); null: any
     * @param afterGreeting a text frame payload sent once the greeting arrived (e.g. {@code subscription\n<pipe>}),
     *                      or null
     */
    WsClientPool(InetSocketAddress server, InetAddress source, String afterGreeting, Listener listener)
            throws IOException {
        this(List.of(server), source, afterGreeting, listener);
    }

    /** Spreads the connections round-robin over {@code servers} (the nodes of a cluster), one loop thread for all. */
    WsClientPool(List<InetSocketAddress> servers, InetAddress source, String afterGreeting, Listener listener)
            throws IOException {
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("no server address");
        }
        this.servers = List.copyOf(servers);
        this.source = source;
        this.afterGreeting = afterGreeting == null ? null
                : WsFrames.masked(WsFrames.OPCODE_TEXT, afterGreeting.getBytes(StandardCharsets.UTF_8));
        this.listener = listener;
        this.selector = Selector.open();
        this.loop = new Thread(this::run, "ws-client-" + servers.get(0).getPort());
        loop.setDaemon(true);
        loop.start();
    }

    /** Asks for {@code total} connections in all (never fewer than already opened). */
    void openUpTo(int total) {
        target = total;
        selector.wakeup();
    }

    /** Waits until every requested connection is greeted or failed; false on timeout. */
    boolean awaitSettled(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (greeted + failed < target) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    int greeted() {
        return greeted;
    }

    /** Greeted connections the server has closed since. */
    int closedByServer() {
        return closedByServer;
    }

    /** Connections that never completed connect, upgrade and greeting. */
    int failed() {
        return failed;
    }

    /** The first failure's description, or null. */
    String firstProblem() {
        return firstProblem;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        selector.wakeup();
        loop.join(TimeUnit.SECONDS.toMillis(30));
    }

    private void run() {
        try {
            while (running) {
                openMore();
                // the action form: no selected-key set, so no allocation per ready socket (the client must not
                // collect garbage, and pause, while it measures)
                selector.select(this::handle, SELECT_MILLIS);
            }
        } catch (IOException | ClosedSelectorException e) {
            noteProblem("selector: " + e);
        } finally {
            for (WsConnection c : connections) {
                closeQuietly(c);
            }
            try {
                selector.close();
            } catch (IOException ignored) {
                // Exiting anyway.
            }
        }
    }

    private void openMore() {
        while (attempts < target && connecting < MAX_CONNECTING) {
            int index = attempts++;
            SocketChannel channel = null;
            try {
                channel = SocketChannel.open();
                channel.configureBlocking(false);
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                if (source != null) {
                    bindSourcePort(channel);
                }
                WsConnection c = new WsConnection(index, channel, WsHandshake.randomKey());
                // A loopback connect may complete at once; then the first writable event sends the upgrade.
                boolean connected = channel.connect(serverOf(c));
                channel.register(selector, connected ? SelectionKey.OP_WRITE : SelectionKey.OP_CONNECT, c);
                connections.add(c);
                connecting++;
            } catch (IOException e) {
                if (channel != null) {
                    closeQuietly(channel);
                }
                failed++;
                noteProblem("connect: " + e);
            }
        }
    }

    private InetSocketAddress serverOf(WsConnection c) {
        return servers.get(c.index % servers.size());
    }

    /**
     * Binds the next free port of the source address. The kernel's own choice (port 0) scans the whole ephemeral range
     * once every port is taken on some other 127.0.0.x, which made connecting crawl at ~200k connections; ports are
     * per address, so counting up from {@link #FIRST_SOURCE_PORT} on this pool's own address is cheap.
     */
    private void bindSourcePort(SocketChannel channel) throws IOException {
        channel.setOption(StandardSocketOptions.SO_REUSEADDR, true); // ports still in TIME_WAIT from an earlier run
        while (true) {
            if (nextSourcePort > LAST_SOURCE_PORT) {
                throw new IOException("no source port left on " + source);
            }
            try {
                channel.bind(new InetSocketAddress(source, nextSourcePort++));
                return;
            } catch (BindException taken) {
                // another program listens on this port on every address; try the next
            }
        }
    }

    private void handle(SelectionKey key) {
        WsConnection c = (WsConnection) key.attachment();
        try {
            if (c.phase == WsConnection.Phase.CONNECTING) {
                if (key.isConnectable() && !c.channel.finishConnect()) {
                    return;
                }
                key.interestOps(SelectionKey.OP_READ);
                sendUpgrade(c);
            } else if (key.isReadable()) {
                read(c);
            }
        } catch (IOException | RuntimeException e) {
            drop(c, e.toString());
        }
    }

    private void sendUpgrade(WsConnection c) throws IOException {
        c.phase = WsConnection.Phase.UPGRADING;
        InetSocketAddress server = serverOf(c);
        write(c, WsHandshake.request(server.getHostString(), server.getPort(),
                WsHandshake.anonymousPath(WsHandshake.randomUuid()), c.key));
    }

    /** Small writes on an idle loopback socket complete at once; a partial one is reported rather than queued. */
    private static void write(WsConnection c, byte[] bytes) throws IOException {
        ByteBuffer out = ByteBuffer.wrap(bytes);
        c.channel.write(out);
        if (out.hasRemaining()) {
            throw new IOException("short write of " + bytes.length + " bytes");
        }
    }

    private void read(WsConnection c) throws IOException {
        readBuffer.clear();
        int n = c.channel.read(readBuffer);
        if (n < 0) {
            drop(c, "closed by the server");
            return;
        }
        if (n == 0) {
            return;
        }
        if (c.phase == WsConnection.Phase.OPEN && c.pending() == null) {
            int consumed = frames(c, readBuffer, 0, n);
            if (consumed < n) {
                readBuffer.get(consumed, copyBuffer, 0, n - consumed);
                c.appendPending(copyBuffer, 0, n - consumed, WsFrames.MAX_FRAME + 16);
            }
            return;
        }
        readBuffer.get(0, copyBuffer, 0, n);
        c.appendPending(copyBuffer, 0, n, WsFrames.MAX_FRAME + 16);
        if (c.phase == WsConnection.Phase.UPGRADING) {
            int end = WsHandshake.headEnd(c.pending(), Math.min(c.pendingLength(), WsHandshake.MAX_RESPONSE_HEAD));
            if (end < 0) {
                if (c.pendingLength() >= WsHandshake.MAX_RESPONSE_HEAD) {
                    throw new IOException("response head over " + WsHandshake.MAX_RESPONSE_HEAD + " bytes");
                }
                return;
            }
            WsHandshake.checkResponse(new String(c.pending(), 0, end, StandardCharsets.ISO_8859_1), c.key);
            c.key = null;
            c.phase = WsConnection.Phase.OPEN;
            c.consumePending(end);
            if (c.pending() == null) {
                return;
            }
        }
        c.consumePending(frames(c, ByteBuffer.wrap(c.pending(), 0, c.pendingLength()), 0, c.pendingLength()));
    }

    /** Handles the complete frames in {@code buf[from, limit)}; returns the index after the last one. */
    private int frames(WsConnection c, ByteBuffer buf, int from, int limit) throws IOException {
        int pos = from;
        while (true) {
            int header = WsFrames.headerLength(buf, pos, limit);
            if (header < 0) {
                return pos;
            }
            int payload = WsFrames.payloadLength(buf, pos, header);
            if (limit - pos < header + payload) {
                return pos;
            }
            int opcode = WsFrames.opcode(buf, pos);
            if (opcode == WsFrames.OPCODE_CLOSE) {
                throw new IOException("close frame from the server");
            }
            if (opcode == WsFrames.OPCODE_TEXT || opcode == WsFrames.OPCODE_BINARY) {
                if (!c.greeted) {
                    greet(c);
                } else {
                    listener.onText(c, buf, pos + header, payload);
                }
            }
            pos += header + payload;
        }
    }

    private void greet(WsConnection c) throws IOException {
        c.greeted = true;
        connecting--;
        greeted++;
        if (afterGreeting != null) {
            write(c, afterGreeting);
        }
    }

    private void drop(WsConnection c, String why) {
        if (c.greeted) {
            closedByServer++;
        } else {
            connecting--;
            failed++;
            noteProblem(why);
        }
        c.greeted = false;
        closeQuietly(c);
    }

    private void noteProblem(String problem) {
        if (firstProblem == null) {
            firstProblem = problem;
        }
    }

    private static void closeQuietly(WsConnection c) {
        if (c != null) {
            closeQuietly(c.channel);
        }
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Nothing left to do with a socket that fails to close.
        }
    }
}
