package org.cometserver.server.wiring;

import org.cometserver.esl.NodeHealth;
import org.cometserver.cometql.spi.ServerStatus;
import org.cometserver.server.broker.PresenceManager;
import org.cometserver.server.health.Readiness;
import org.cometserver.server.hub.Hub;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * {@code SHOW STATUS} and {@code SHOW PROCESSLIST} figures in CppComet's names (docs/CPPCOMET.md §2.6). The
 * frontend is the browser side (hub), the backend the CometQL side. Rates ({@code *_ps}) are 0 because load
 * measurement ({@code statistics} interval) is off, as in CppComet's default. {@code user_online} counts the users
 * online on every node (presence); connection and message figures are this node's (docs/CLUSTER.md).
 */
final class HubServerStatus implements ServerStatus {
    private final Hub hub;
    private final MessageCounters messages;
    private final IntSupplier cometQlConnections;
    private final int cometQlThreads;
    private final Clock clock;
    private final Instant started;
    private final Supplier<List<NodeHealth>> freeswitchNodes;
    private final Path dataDirectory;
    private final Readiness readiness;
    private final PresenceManager presence;
    private final BooleanSupplier clusterAvailable;
    /** FreeSWITCH node → the cluster node processing its events ({@link FreeswitchOwners}); null on a single node. */
    private volatile UnaryOperator<String> freeswitchOwner;

    /**
     * @param readiness        the {@code ready} row; null leaves it out
     * @param clusterAvailable the {@code cluster_redis_available} row: the broker reaches Redis (a single node: true)
     */
    HubServerStatus(Hub hub, PresenceManager presence, MessageCounters messages, IntSupplier cometQlConnections,
                    int cometQlThreads, Supplier<List<NodeHealth>> freeswitchNodes, Path dataDirectory,
                    Readiness readiness, BooleanSupplier clusterAvailable, Clock clock) {
        this.clusterAvailable = clusterAvailable;
        this.hub = hub;
        this.presence = presence;
        this.dataDirectory = dataDirectory;
        this.readiness = readiness;
        this.freeswitchNodes = freeswitchNodes;
        this.messages = messages;
        this.cometQlConnections = cometQlConnections;
        this.cometQlThreads = cometQlThreads;
        this.clock = clock;
        this.started = clock.instant();
    }

    /** Adds a {@code freeswitch_owner_<node>} row after each {@code freeswitch_<node>} row. */
    void showFreeswitchOwners(UnaryOperator<String> owner) {
        this.freeswitchOwner = owner;
    }

    @Override
    public Map<String, String> sessionStatus(int devId) {
        Map<String, String> status = new LinkedHashMap<>();
        status.put("flag", "session");
        status.put("id", Integer.toString(devId));
        status.put("user_online", Integer.toString(PresenceWait.await(presence.onlineUserCount(devId),
                PresenceWait.WAIT, "online users")));
        status.put("server_online", Integer.toString(hub.connectionCount(devId)));
        status.put("messages", Long.toString(messages.of(devId)));
        return status;
    }

    @Override
    public Path dataDirectory() {
        return dataDirectory;
    }

    @Override
    public Map<String, String> globalStatus() {
        long uptime = Duration.between(started, clock.instant()).toSeconds();
        Map<String, String> status = new LinkedHashMap<>();
        status.put("flag", "global");
        status.put("uptime", Long.toString(uptime));
        status.put("uptime_in_hours", Long.toString(uptime / 3600));
        status.put("uptime_in_days", Long.toString(uptime / 86400));
        status.put("frontend_name", "ws");
        status.put("backend_name", "cometql");
        status.put("frontend_stat_interval", "0");
        status.put("backend_stat_interval", "0");
        status.put("frontend_online", Integer.toString(hub.connectionCount()));
        status.put("backend_online", Integer.toString(cometQlConnections.getAsInt()));
        status.put("frontend_messages", Long.toString(messages.total()));
        status.put("backend_messages", Long.toString(messages.total()));
        status.put("frontend_add_client", Long.toString(hub.connectsTotal()));
        status.put("backend_add_client", "0");
        status.put("frontend_delete_client", Long.toString(hub.disconnectsTotal()));
        status.put("backend_delete_client", "0");
        for (String rate : List.of("frontend_messages_ps", "backend_messages_ps", "frontend_add_client_ps",
                "backend_add_client_ps", "frontend_delete_client_ps", "backend_delete_client_ps",
                "network_events")) {
            status.put(rate, "0");
        }
        // beyond CppComet: each FreeSWITCH node's event-socket state, e.g. "UP" or "CONNECTING (connection refused)"
        for (NodeHealth node : freeswitchNodes.get()) {
            status.put("freeswitch_" + node.node(), node.state() + (node.isUp() || node.lastError() == null ? ""
                    : " (" + node.lastError() + ")"));
            UnaryOperator<String> owner = freeswitchOwner;
            if (owner != null) {
                // beyond CppComet: in a cluster, the node whose lease processes this FreeSWITCH node's events
                status.put("freeswitch_owner_" + node.node(), owner.apply(node.node()));
            }
        }
        // beyond CppComet: 1 while this node reaches the cluster's Redis (always 1 for a single node)
        status.put("cluster_redis_available", clusterAvailable.getAsBoolean() ? "1" : "0");
        // beyond CppComet: what /health and /ready answer, for those who watch with a MySQL client
        status.put("health", "UP");
        if (readiness != null) {
            status.put("ready", readiness.check().statusValue());
        }
        return status;
    }

    @Override
    public List<String[]> services() {
        List<String[]> rows = new ArrayList<>();
        for (int thread = 0; thread < cometQlThreads; thread++) {
            String count = thread == 0 ? Integer.toString(cometQlConnections.getAsInt()) : "0";
            rows.add(new String[]{"cometql", Integer.toString(thread), "0", count});
        }
        return rows;
    }
}
