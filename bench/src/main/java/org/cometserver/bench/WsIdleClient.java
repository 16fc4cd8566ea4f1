package org.cometserver.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * One load-client process of the idle-connection benchmark: holds up to ~18k WebSocket connections to one server
 * from one source address (a process may open 20,000 files), driven by {@link WsIdleBench} over stdin/stdout:
 * {@code open <total>} answers {@code ready <greeted> <closed> <failed> [first problem]} once every requested
 * connection is greeted or failed; {@code status} answers the same at once; {@code quit} or end of input closes all.
 * With {@code subscribe=<pipe>} every connection subscribes to that pipe once greeted (an idle subscriber).
 *
 * <pre>
 * java -cp bench.jar org.cometserver.bench.WsIdleClient port=N [host=127.0.0.1] [source=127.0.0.2] [subscribe=pipe]
 * </pre>
 */
public final class WsIdleClient {
    /** Upper bound for one step to settle (18k handshakes take a few seconds). */
    private static final long SETTLE_TIMEOUT_SECONDS = 300;

    private WsIdleClient() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        String host = "127.0.0.1";
        String source = null;
        String subscribe = null;
        int port = 0;
        for (String arg : args) {
            int eq = arg.indexOf('=');
            String key = eq < 0 ? arg : arg.substring(0, eq);
            String value = eq < 0 ? "" : arg.substring(eq + 1);
            switch (key) {
                case "host" -> host = value;
                case "port" -> port = Integer.parseInt(value);
                case "source" -> source = value;
                case "subscribe" -> subscribe = value;
                default -> {
                    System.err.println("unknown option: " + arg);
                    System.exit(2);
                }
            }
        }
        InetAddress sourceAddress = source == null ? null : InetAddress.getByName(source);
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
        try (WsClientPool pool = new WsClientPool(new InetSocketAddress(host, port), sourceAddress,
                subscribe == null ? null : "subscription\n" + subscribe,
                (connection, frame, start, length) -> { })) {
            String line;
            while ((line = commands.readLine()) != null && !line.equals("quit")) {
                if (line.startsWith("open ")) {
                    pool.openUpTo(Integer.parseInt(line.substring(5).strip()));
                    pool.awaitSettled(SETTLE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                } else if (!line.equals("status")) {
                    System.err.println("unknown command: " + line);
                    continue;
                }
                String problem = pool.firstProblem();
                System.out.println("ready " + pool.greeted() + " " + pool.closedByServer() + " " + pool.failed()
                        + (problem == null ? "" : " " + problem));
                System.out.flush();
            }
        }
    }
}
