package org.cometserver.server.e2e.ws;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.Iterator;

/**
 * A hostile client in its own process (a process may hold only 20,000 descriptors here): opens {@code count} TCP
 * connections to {@code port} from the source addresses given, round robin, sends one byte on each (a handshake
 * begun, never finished) and watches each until the server closes it. The byte also matters to the count: a connect
 * whose final ACK the server's kernel dropped from a full listen queue looks established to an idle client forever,
 * while data makes the kernels settle it one way or the other. Once the server closed them all, or after {@code seconds}, it prints one line
 * {@code opened=N connected=N closed_by_server=N failed=N} and exits, closing whatever is still open.
 *
 * <pre>java -cp ... IdleFlood PORT COUNT SECONDS 127.0.0.10,127.0.0.11</pre>
 */
public final class IdleFlood {
    /** Connects in flight at once: beyond the listen backlog they would only wait for SYN retransmits. */
    private static final int MAX_PENDING_CONNECTS = 512;
    /** The first byte of an HTTP request line, or of a MySQL packet's length. */
    private static final byte[] HANDSHAKE_BEGUN = {'G'};

    private IdleFlood() {
    }

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        int count = Integer.parseInt(args[1]);
        long deadline = System.nanoTime() + Long.parseLong(args[2]) * 1_000_000_000L;
        String[] sources = args[3].split(",");
        InetSocketAddress target = new InetSocketAddress("127.0.0.1", port);
        ByteBuffer sink = ByteBuffer.allocate(4096);
        int opened = 0;
        int connected = 0;
        int closed = 0;
        int failed = 0;
        int pending = 0;
        try (Selector selector = Selector.open()) {
            while (System.nanoTime() < deadline && (opened < count || closed + failed < opened)) {
                while (opened < count && pending < MAX_PENDING_CONNECTS) {
                    SocketChannel channel = SocketChannel.open();
                    try {
                        channel.configureBlocking(false);
                        channel.bind(new InetSocketAddress(InetAddress.getByName(sources[opened % sources.length]), 0));
                        channel.connect(target);
                        channel.register(selector, SelectionKey.OP_CONNECT);
                        pending++;
                    } catch (IOException e) {
                        channel.close();
                        failed++;
                    }
                    opened++;
                }
                selector.select(100);
                Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    SocketChannel channel = (SocketChannel) key.channel();
                    try {
                        if (key.isConnectable()) {
                            pending--;
                            channel.finishConnect();
                            connected++;
                            channel.write(ByteBuffer.wrap(HANDSHAKE_BEGUN));
                            key.interestOps(SelectionKey.OP_READ);
                        } else if (key.isReadable()) {
                            sink.clear();
                            if (channel.read(sink) < 0) {
                                closed++;
                                channel.close();
                            }
                        }
                    } catch (IOException e) {
                        if (key.isValid() && (key.interestOps() & SelectionKey.OP_CONNECT) != 0) {
                            failed++;
                        } else {
                            closed++; // reset by the server
                        }
                        channel.close();
                    }
                }
            }
            for (SelectionKey key : selector.keys()) {
                key.channel().close();
            }
        }
        System.out.println("opened=" + opened + " connected=" + connected + " closed_by_server=" + closed
                + " failed=" + failed);
    }
}
