package org.cometserver.server.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.cometserver.cometql.spi.StatementTimings;
import org.cometserver.esl.EslBridge;
import org.cometserver.esl.NodeHealth;
import org.cometserver.server.hub.Hub;
import org.cometserver.server.listener.ListenerAdmission;
import org.cometserver.xmlcurl.spi.DirectoryRequests;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * The Prometheus registry of this process: JVM and process figures plus gauges and counters that read the figures
 * the server already keeps (listener admissions, hub, message counters, FreeSWITCH node health). Everything is read
 * when scraped, so nothing here costs the message path anything; {@link #scrape()} runs off the event loops.
 */
public final class CometMetrics implements AutoCloseable {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    /** Micrometer holds a meter's source weakly: a lambda given to it would be collected and read as NaN. */
    private final List<Object> sources = new ArrayList<>();

    public CometMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
    }

    /** Open connections and connections still in their handshake of listener {@code section}. */
    public void listener(String section, ListenerAdmission admission) {
        Gauge.builder("comet.listener.connections", admission, ListenerAdmission::openConnections)
                .description("open connections").tag("listener", section).register(registry);
        Gauge.builder("comet.listener.handshakes", admission, ListenerAdmission::handshakes)
                .description("connections not yet logged in / upgraded").tag("listener", section).register(registry);
    }

    public void hub(Hub hub) {
        Gauge.builder("comet.browsers.connected", hub, Hub::connectionCount)
                .description("browser connections in the hub").register(registry);
        FunctionCounter.builder("comet.browsers.connects", hub, Hub::connectsTotal)
                .description("browser connections added to the hub").register(registry);
        FunctionCounter.builder("comet.browsers.disconnects", hub, Hub::disconnectsTotal)
                .description("browser connections removed from the hub").register(registry);
        Gauge.builder("comet.hub.subscriptions", hub, Hub::subscriptionCount)
                .description("channel subscriptions on this node (connection x channel pairs)").register(registry);
        Gauge.builder("comet.hub.channels", hub, Hub::channelCount)
                .description("channels on this node with at least one subscriber").register(registry);
    }

    /** @param published messages published to channels and users (SHOW GLOBAL STATUS frontend_messages) */
    public void messages(LongSupplier published) {
        sources.add(published);
        FunctionCounter.builder("comet.messages.published", published, LongSupplier::getAsLong)
                .description("messages published to channels and users").register(registry);
    }

    /** Browser connections closed because they did not read fast enough ({@code [ws] outbound_queue_bytes}). */
    public void slowDisconnects(LongSupplier closes) {
        sources.add(closes);
        FunctionCounter.builder("comet.browsers.slow.disconnects", closes, LongSupplier::getAsLong)
                .description("browser connections closed as slow consumers").register(registry);
    }

    /**
     * Frames written to browser connections (one per connection a message reached) and frames refused (connection
     * closing, or closed as a slow consumer).
     */
    public void deliveries(LongSupplier delivered, LongSupplier dropped) {
        sources.add(delivered);
        sources.add(dropped);
        FunctionCounter.builder("comet.messages.delivered", delivered, LongSupplier::getAsLong)
                .description("frames written to browser connections").register(registry);
        FunctionCounter.builder("comet.messages.dropped", dropped, LongSupplier::getAsLong)
                .description("frames refused: connection closing, closed, or a slow consumer").register(registry);
    }

    /** Private messages queued for offline users; a COUNT on the store at each scrape, which runs off the loops. */
    public void offlineQueue(LongSupplier queued) {
        sources.add(queued);
        Gauge.builder("comet.offline.queue.messages", queued, q -> q.getAsLong())
                .description("private messages waiting for offline users").register(registry);
    }

    public void cometQlConnections(IntSupplier connections) {
        sources.add(connections);
        Gauge.builder("comet.cometql.connections", connections, IntSupplier::getAsInt)
                .description("open CometQL connections").register(registry);
    }

    /** 1 while this node's broker reaches the cluster's Redis ({@code [cluster]}); 1 for a single node. */
    public void clusterRedisAvailable(BooleanSupplier available) {
        sources.add(available);
        Gauge.builder("comet.cluster.redis.available", available, a -> a.getAsBoolean() ? 1.0 : 0.0)
                .description("1 while this node reaches the cluster's Redis").register(registry);
    }

    /** CometQL statements by table and outcome with their latency: see {@link StatementTimers}. */
    public StatementTimings statementTimings() {
        return new StatementTimers(registry);
    }

    /** FreeSWITCH directory (mod_xml_curl) requests by result: see {@link DirectoryCounters}. */
    public DirectoryRequests directoryRequests() {
        return new DirectoryCounters(registry);
    }

    /** Per {@code [sip] freeswitch} node: 1 while UP, and reconnect attempts; live conference members of all nodes. */
    public void freeswitch(EslBridge bridge) {
        // the snapshot is the registry's last known state: reading it never waits on FreeSWITCH
        Gauge.builder("comet.conference.members", bridge, b -> b.snapshot().members().size())
                .description("members of live conferences, all nodes").register(registry);
        for (NodeHealth node : bridge.health()) {
            String name = node.node();
            Gauge.builder("comet.freeswitch.node.up", bridge,
                            b -> b.health(name).map(h -> h.isUp() ? 1.0 : 0.0).orElse(0.0))
                    .description("1 while the node's event socket is UP").tag("node", name).register(registry);
            FunctionCounter.builder("comet.freeswitch.reconnects", bridge,
                            b -> b.health(name).map(NodeHealth::reconnectCount).orElse(0L))
                    .description("event-socket reconnect attempts").tag("node", name).register(registry);
        }
    }

    /** The Prometheus text format (version 0.0.4). Reads JVM figures: call off the event loops. */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
