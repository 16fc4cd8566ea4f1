package org.cometserver.server.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Comet server processes of one cluster for end-to-end tests: each a {@link ChildServer} with its own comet.ini, all on
 * one Redis (usually a private {@link RedisServer}, so a test may stop it) and one fresh database of the shared test
 * {@link MariaDbServer}. Short heartbeats so a {@code kill -9}ed node leaves presence within
 * {@link #FAILURE_TIMEOUT_SECONDS}. Closing stops every node still running (SIGTERM).
 */
public final class ClusterNodes implements AutoCloseable {
    public static final int HEARTBEAT_SECONDS = 1;
    public static final int FAILURE_TIMEOUT_SECONDS = 3;
    /** CometQL password of every node (the {@code mariadb} CLI's {@link org.cometserver.server.e2e.MariadbCli}). */
    public static final String PASSWORD = org.cometserver.server.e2e.MariadbCli.PASSWORD;
    private static final AtomicInteger CLUSTERS = new AtomicInteger();

    /** One running node: its process and ports. */
    public record Node(String name, ChildServer server, int cometQl, int ws) {
        /** {@code 127.0.0.1:<ws port>}, as the JS client's {@code node} option takes it. */
        public String wsAddress() {
            return "127.0.0.1:" + ws;
        }
    }

    private final Path dir;
    private final RedisServer redis;
    private final String database;
    private final List<Node> nodes = new ArrayList<>();

    private ClusterNodes(Path dir, RedisServer redis, String database) {
        this.dir = dir;
        this.redis = redis;
        this.database = database;
    }

    /**
     * Starts {@code count} nodes named {@code n1…} in {@code dir} on {@code redis}, with a fresh database; {@code extraIni}
     * is appended to every node's comet.ini (e.g. {@code "[cometql]\nmax_history_length = 50\n"}).
     */
    public static ClusterNodes start(Path dir, RedisServer redis, int count, String extraIni)
            throws IOException, InterruptedException {
        String database = MariaDbServer.shared().createDatabase("cluster_" + ProcessHandle.current().pid() + "_"
                + CLUSTERS.incrementAndGet());
        ClusterNodes cluster = new ClusterNodes(dir, redis, database);
        try {
            for (int i = 1; i <= count; i++) {
                cluster.startNode("n" + i, extraIni);
            }
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    /** Starts one more node (or restarts a killed one under its name); returns it once it listens. */
    public Node startNode(String name, String extraIni) throws IOException, InterruptedException {
        MariaDbServer db = MariaDbServer.shared();
        Path ini = dir.resolve(name + ".ini");
        Files.writeString(ini, "[main]\npassword = " + PASSWORD + "\n"
                + "[db]\nhost = " + db.host() + "\nport = " + db.port() + "\nuser = " + db.user() + "\npassword = "
                + db.password() + "\nname = " + database + "\n"
                + "[cometql]\nip = 127.0.0.1\nport = 0\n"
                + "[ws]\nip = 127.0.0.1\nport = 0\nmax_connections_per_ip = 0\n"
                + "[cluster]\nredis = " + redis.uri() + "\nnode_name = " + name + "\nheartbeat = " + HEARTBEAT_SECONDS
                + "\nfailure_timeout = " + FAILURE_TIMEOUT_SECONDS + "\n"
                + extraIni);
        ChildServer server = ChildServer.start(dir, ini, dir.resolve(name + "-" + nodes.size() + ".log"),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
        try {
            Node node = new Node(name, server, server.port(ChildServer.COMETQL), server.port(ChildServer.WEBSOCKET));
            nodes.removeIf(n -> n.name().equals(name));
            nodes.add(node);
            return node;
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            server.close();
            throw e;
        }
    }

    /** The running node named so. */
    public Node node(String name) {
        return nodes.stream().filter(n -> n.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no node " + name));
    }

    public List<Node> nodes() {
        return List.copyOf(nodes);
    }

    public RedisServer redis() {
        return redis;
    }

    /** The shared database's name on {@link MariaDbServer#shared()}. */
    public String database() {
        return database;
    }

    /** {@code kill -9} of the node: no goodbye to Redis, its presence entries stay until the failure timeout. */
    public void kill(String name) throws InterruptedException {
        Node node = node(name);
        node.server().kill();
        nodes.remove(node);
    }

    @Override
    public void close() throws InterruptedException {
        for (Node node : nodes) {
            node.server().close();
        }
        nodes.clear();
    }
}
