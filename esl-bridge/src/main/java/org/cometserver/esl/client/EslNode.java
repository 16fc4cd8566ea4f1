package org.cometserver.esl.client;

import io.netty.util.concurrent.ScheduledFuture;
import org.cometserver.esl.EslNodeConfig;
import org.cometserver.esl.EventFormat;
import org.cometserver.esl.NodeDownException;
import org.cometserver.esl.NodeHealth;
import org.cometserver.esl.NodeState;
import org.cometserver.esl.call.CallTracker;
import org.cometserver.esl.codec.EslEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One FreeSWITCH node: a command connection ({@code api}, {@code bgapi}) and a separate event connection, so a slow
 * {@code api} never holds events back (FreeSWITCH queues a connection's events while it runs an {@code api} on it,
 * recording 13d). Lifecycle: CONNECTING → AUTHENTICATING → subscribe → SYNCING (the resync step) → UP. Any failure or
 * drop of either connection closes both, fails every waiting future, goes DOWN and schedules a reconnect with
 * exponential backoff and jitter.
 * <p>
 * The resync step runs on the <em>event</em> connection after the subscription: events that arrive before its reply are
 * older than the state it returns and events after it are newer, so replacing the state with the reply and applying
 * later events on top loses nothing. On the command connection there would be no such ordering.
 */
public final class EslNode {

    private static final Logger log = LoggerFactory.getLogger(EslNode.class);

    private final EslNodeConfig config;
    private final EslTransport transport;
    private final ReconnectPolicy reconnect;
    private final EventFormat eventFormat;
    private final Consumer<EslEvent> events;
    private final Function<EslConnection, CompletableFuture<Void>> resync;
    private final Consumer<NodeHealth> healthListener;
    private final Clock clock;
    private final BackgroundJobs jobs = new BackgroundJobs();

    // Guarded by this.
    private long generation;
    private boolean started;
    private boolean stopped;
    private int failedAttempts;
    private EslConnection eventConnection;
    private EslConnection commandConnection;
    private ScheduledFuture<?> reconnectTask;
    private volatile NodeHealth health;

    /**
     * @param events         every event of the event connection, on its event loop (must be fast)
     * @param resync         run in SYNCING with the event connection; the node is UP once its future completes
     * @param healthListener told of every state change (on an event loop: must be fast)
     */
    public EslNode(EslNodeConfig config, EslTransport transport, ReconnectPolicy reconnect, EventFormat eventFormat,
                   Consumer<EslEvent> events, Function<EslConnection, CompletableFuture<Void>> resync,
                   Consumer<NodeHealth> healthListener, Clock clock) {
        this.config = config;
        this.transport = transport;
        this.reconnect = reconnect;
        this.eventFormat = eventFormat;
        this.events = events;
        this.resync = resync;
        this.healthListener = healthListener;
        this.clock = clock;
        this.health = new NodeHealth(config.name(), NodeState.DOWN, null, 0, clock.instant());
    }

    public String name() {
        return config.name();
    }

    public NodeHealth health() {
        return health;
    }

    /**
     * The subscription sent after every auth: job results, heartbeats (which keep the idle check quiet), the channel
     * events of call tracking ({@link CallTracker#subscribedEvents()}) and the conference events; {@code CUSTOM <subclass>}
     * must come last, every word after {@code CUSTOM} is taken as a subclass.
     */
    public String subscription() {
        return "event " + eventFormat.keyword() + " " + EslEvent.BACKGROUND_JOB + " HEARTBEAT "
                + String.join(" ", CallTracker.subscribedEvents()) + " " + EslEvent.CUSTOM + " conference::maintenance";
    }

    public synchronized void start() {
        if (started) {
            return;
        }
        started = true;
        connect(generation);
    }

    /** Closes both connections and stops reconnecting; waiting futures fail with {@link NodeDownException}. */
    public void stop() {
        EslConnection ev;
        EslConnection cmd;
        synchronized (this) {
            if (stopped) {
                return;
            }
            stopped = true;
            generation++;
            if (reconnectTask != null) {
                reconnectTask.cancel(false);
            }
            ev = eventConnection;
            cmd = commandConnection;
            eventConnection = null;
            commandConnection = null;
        }
        closeQuietly(ev);
        closeQuietly(cmd);
        jobs.failAll(new NodeDownException(name(), "bridge stopped"));
        setState(NodeState.DOWN, "stopped", false);
    }

    /** {@code api <command>} on the command connection; fails at once with {@link NodeDownException} unless UP. */
    public CompletableFuture<String> api(String command) {
        EslConnection cmd = commandConnectionIfUp();
        return cmd == null ? CompletableFuture.failedFuture(downException()) : cmd.api(command);
    }

    /** {@code bgapi <command>}: completes with the {@code BACKGROUND_JOB} body; fails at once unless UP. */
    public CompletableFuture<String> bgapi(String command) {
        EslConnection cmd = commandConnectionIfUp();
        return cmd == null ? CompletableFuture.failedFuture(downException()) : cmd.bgapi(command, jobs);
    }

    private synchronized EslConnection commandConnectionIfUp() {
        return health.state() == NodeState.UP ? commandConnection : null;
    }

    private NodeDownException downException() {
        NodeHealth h = health;
        return new NodeDownException(name(), h.state() + (h.lastError() == null ? "" : " (" + h.lastError() + ")"));
    }

    private void connect(long gen) {
        setState(NodeState.CONNECTING, null, false);
        Runnable onConnected = () -> {
            synchronized (this) {
                if (gen != generation || health.state() != NodeState.CONNECTING) {
                    return;
                }
            }
            setState(NodeState.AUTHENTICATING, null, false);
        };
        CompletableFuture<EslConnection> ev = EslConnection.open(name(), config.host(), config.port(), config.password(),
                transport, events, jobs, onConnected);
        CompletableFuture<EslConnection> cmd = EslConnection.open(name(), config.host(), config.port(), config.password(),
                transport, null, null, onConnected);
        CompletableFuture.allOf(ev, cmd).whenComplete((ignored, error) -> {
            synchronized (this) {
                if (gen != generation) {
                    closeWhenOpen(ev);
                    closeWhenOpen(cmd);
                    return;
                }
                if (error == null) {
                    eventConnection = ev.join();
                    commandConnection = cmd.join();
                }
            }
            if (error != null) {
                closeWhenOpen(ev);
                closeWhenOpen(cmd);
                failed(gen, error);
                return;
            }
            EslConnection eventConn = ev.join();
            eventConn.closeFuture().thenAccept(reason -> failed(gen, new NodeDownException(name(), "event connection: " + reason)));
            cmd.join().closeFuture().thenAccept(reason -> failed(gen, new NodeDownException(name(), "command connection: " + reason)));
            eventConn.command(subscription())
                    .thenCompose(reply -> {
                        setStateIfCurrent(gen, NodeState.SYNCING);
                        return resync.apply(eventConn);
                    })
                    .whenComplete((done, syncError) -> {
                        if (syncError != null) {
                            failed(gen, syncError);
                        } else {
                            up(gen);
                        }
                    });
        });
    }

    private void up(long gen) {
        synchronized (this) {
            if (gen != generation) {
                return;
            }
            failedAttempts = 0;
        }
        setStateIfCurrent(gen, NodeState.UP);
    }

    private void failed(long gen, Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        String reason = cause instanceof NodeDownException down ? down.reason() : String.valueOf(cause.getMessage());
        EslConnection ev;
        EslConnection cmd;
        long delayMillis;
        synchronized (this) {
            if (gen != generation || stopped) {
                return;
            }
            generation++;
            ev = eventConnection;
            cmd = commandConnection;
            eventConnection = null;
            commandConnection = null;
            delayMillis = reconnect.delay(failedAttempts++, ThreadLocalRandom.current()).toMillis();
        }
        closeQuietly(ev);
        closeQuietly(cmd);
        jobs.failAll(new NodeDownException(name(), reason, cause));
        setState(NodeState.DOWN, reason, false);
        log.info("FreeSWITCH node {}: reconnecting in {} ms", name(), delayMillis);
        synchronized (this) {
            if (stopped) {
                return;
            }
            long next = generation;
            reconnectTask = transport.group().next().schedule(() -> {
                synchronized (this) {
                    if (next != generation || stopped) {
                        return;
                    }
                }
                setState(NodeState.CONNECTING, null, true);
                connect(next);
            }, delayMillis, TimeUnit.MILLISECONDS);
        }
    }

    private void setStateIfCurrent(long gen, NodeState state) {
        synchronized (this) {
            if (gen != generation) {
                return;
            }
        }
        setState(state, null, false);
    }

    /**
     * @param error           the new last error; null keeps the previous one, so a node that is UP again still tells
     *                        why it last went down
     * @param countsReconnect true when this starts a reconnect attempt
     */
    private void setState(NodeState state, String error, boolean countsReconnect) {
        NodeHealth before;
        NodeHealth after;
        synchronized (this) {
            before = health;
            if (before.state() == state && !countsReconnect && error == null) {
                return;
            }
            after = new NodeHealth(name(), state, error != null ? error : before.lastError(),
                    before.reconnectCount() + (countsReconnect ? 1 : 0), clock.instant());
            health = after;
        }
        if (state == NodeState.DOWN) {
            log.warn("FreeSWITCH node {} ({}:{}): {} -> DOWN: {}", name(), config.host(), config.port(), before.state(), after.lastError());
        } else {
            log.info("FreeSWITCH node {} ({}:{}): {} -> {}", name(), config.host(), config.port(), before.state(), state);
        }
        if (healthListener != null) {
            try {
                healthListener.accept(after);
            } catch (RuntimeException e) {
                log.error("FreeSWITCH node {}: health listener failed", name(), e);
            }
        }
    }

    private static void closeWhenOpen(CompletableFuture<EslConnection> connection) {
        connection.thenAccept(EslConnection::close);
    }

    private static void closeQuietly(EslConnection connection) {
        if (connection != null) {
            connection.close();
        }
    }
}
