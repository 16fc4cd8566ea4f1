package org.cometserver.esl;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import org.cometserver.esl.call.CallCommand;
import org.cometserver.esl.call.CallTracker;
import org.cometserver.esl.call.ChannelList;
import org.cometserver.esl.call.OriginateRequest;
import org.cometserver.esl.call.SipLeg;
import org.cometserver.esl.client.EslConnection;
import org.cometserver.esl.client.EslNode;
import org.cometserver.esl.client.EslTransport;
import org.cometserver.esl.conference.ConferenceCommand;
import org.cometserver.esl.conference.ConferenceListParser;
import org.cometserver.esl.conference.ConferenceNames;
import org.cometserver.esl.conference.ConferenceRegistry;
import org.cometserver.esl.conference.ConferenceSnapshot;
import org.cometserver.esl.conference.DomainReply;
import org.cometserver.esl.spi.CallListener;
import org.cometserver.esl.spi.ConferenceListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The FreeSWITCH side of the server: one {@link EslNode} per configured node (each with a command and an event
 * connection, reconnecting on its own), one {@link ConferenceRegistry} and one {@link CallTracker} for all of them,
 * {@link ConferenceControl} and call control ({@link #callCommand}, {@link #originate}; see
 * {@code org.cometserver.esl.call}) over the nodes' command connections.
 * <p>
 * Threads: the shell passes its event-loop group (with the matching channel class) and a callback executor; listener
 * notices and every returned future run on that executor, never on an event loop.
 */
public final class EslBridge implements ConferenceControl, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EslBridge.class);

    private final Map<String, EslNode> nodes = new LinkedHashMap<>();
    /** node → {@code $${domain}} reported at its last resync; kept while the node is down. */
    private final Map<String, String> domains = new ConcurrentHashMap<>();
    private final ConferenceRegistry registry;
    private final CallTracker calls;
    private final Executor callbackExecutor;
    private final Clock clock;
    /** Wraps each listener as it is added ({@link #decorateListeners}); identity by default. */
    private volatile UnaryOperator<ConferenceListener> decorator = UnaryOperator.identity();
    private final Map<ConferenceListener, ConferenceListener> decorated = new ConcurrentHashMap<>();

    public EslBridge(EslBridgeConfig config, EventLoopGroup group, Class<? extends Channel> channelType, Executor callbackExecutor) {
        this(config, group, channelType, callbackExecutor, Clock.systemUTC());
    }

    public EslBridge(EslBridgeConfig config, EventLoopGroup group, Class<? extends Channel> channelType,
                     Executor callbackExecutor, Clock clock) {
        this.callbackExecutor = callbackExecutor;
        this.clock = clock;
        this.registry = new ConferenceRegistry(callbackExecutor, clock);
        this.calls = new CallTracker(callbackExecutor, CallTracker.BROWSER_CALLS);
        EslTransport transport = new EslTransport(group, channelType, config.connectTimeout(), config.commandTimeout(),
                config.backgroundJobTimeout(), config.eventIdleTimeout());
        for (EslNodeConfig nodeConfig : config.nodes()) {
            String name = nodeConfig.name();
            nodes.put(name, new EslNode(nodeConfig, transport, config.reconnect(), config.eventFormat(),
                    event -> {
                        registry.apply(name, event);
                        calls.apply(name, event);
                    },
                    connection -> resync(name, connection, clock),
                    health -> {
                        registry.nodeHealthChanged(health);
                        calls.nodeHealthChanged(health);
                    }, clock));
        }
    }

    /** Starts connecting every node; returns at once (watch {@link #health()} or {@link ConferenceListener#nodeHealthChanged}). */
    public void start() {
        nodes.values().forEach(EslNode::start);
    }

    /** Closes every connection and stops reconnecting; waiting futures fail with {@link NodeDownException}. */
    @Override
    public void close() {
        nodes.values().forEach(EslNode::stop);
    }

    /** All conferences of all nodes as last known; never waits on FreeSWITCH. */
    public ConferenceSnapshot snapshot() {
        return registry.snapshot();
    }

    public List<NodeHealth> health() {
        return nodes.values().stream().map(EslNode::health).toList();
    }

    public Optional<NodeHealth> health(String node) {
        return Optional.ofNullable(nodes.get(node)).map(EslNode::health);
    }

    /**
     * The node's {@code $${domain}} as FreeSWITCH reported it ({@code global_getvar domain}) when the node last came
     * UP: the domain its stock dialplan and mod_conference put into conference names. Empty before the first resync or
     * when FreeSWITCH has none.
     */
    public Optional<String> domain(String node) {
        return Optional.ofNullable(domains.get(node));
    }

    public void addListener(ConferenceListener listener) {
        ConferenceListener wrapped = decorator.apply(listener);
        decorated.put(listener, wrapped);
        registry.addListener(wrapped);
    }

    public void removeListener(ConferenceListener listener) {
        ConferenceListener wrapped = decorated.remove(listener);
        registry.removeListener(wrapped == null ? listener : wrapped);
    }

    /**
     * Wraps every listener added from now on (a server of a cluster passes only the events of the FreeSWITCH nodes
     * it owns); call before the first {@link #addListener}.
     */
    public void decorateListeners(UnaryOperator<ConferenceListener> decorator) {
        this.decorator = Objects.requireNonNull(decorator);
    }

    /**
     * Lists {@code node}'s conferences again ({@code conference json_list}, as after a reconnect) and tells the
     * listeners what differs from what the registry held. Fails with {@link NodeDownException} and the like.
     */
    public CompletableFuture<Void> resync(String node) {
        return withNode(node, n -> n.api("conference json_list").thenAccept(body -> {
            if (body.startsWith("-ERR")) {
                throw new EslCommandException(node, "api conference json_list", body.strip());
            }
            registry.replaceNode(node, ConferenceListParser.parse(node, body, clock.instant()));
        }));
    }

    public void addCallListener(CallListener listener) {
        calls.addListener(listener);
    }

    public void removeCallListener(CallListener listener) {
        calls.removeListener(listener);
    }

    /** The live call legs of every node, as last reported; never waits on FreeSWITCH. */
    public List<SipLeg> callLegs() {
        return calls.callLegs();
    }

    /** A live channel of {@code node} (call leg or not) as last reported; never waits on FreeSWITCH. */
    public Optional<SipLeg> callLeg(String node, String uuid) {
        return calls.channel(node, uuid);
    }

    /**
     * Runs {@code command} on channel {@code uuid} of {@code node} ({@code api uuid_hold ...}; see {@link CallCommand}).
     * Completes with FreeSWITCH's success reply; fails with {@link EslCommandException} carrying FreeSWITCH's text,
     * {@link IllegalArgumentException} (nothing sent), {@link NodeDownException} or a timeout. {@code HOLD}/{@code UNHOLD}
     * of a channel this bridge does not know fail with reply {@code -ERR No such channel!} without asking FreeSWITCH,
     * which would answer {@code +OK Success} (recording 13).
     */
    public CompletableFuture<String> callCommand(String node, CallCommand command, String uuid, String argument) {
        String line;
        try {
            line = command.apiLine(uuid, argument);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (command.needsKnownChannel() && nodes.containsKey(node) && calls.channel(node, uuid).isEmpty()) {
            return CompletableFuture.failedFuture(new EslCommandException(node, line, "-ERR No such channel!"));
        }
        return withNode(node, n -> n.api(line).thenApply(reply -> {
            if (!command.isSuccess(reply, uuid, argument)) {
                throw new EslCommandException(node, line, reply.strip());
            }
            return reply.strip();
        }));
    }

    /**
     * Click-to-call through {@code bgapi originate} ({@link OriginateRequest}): completes with the browser leg's uuid once
     * it answered (FreeSWITCH then runs the bridge), fails with {@link EslCommandException} and FreeSWITCH's cause
     * ({@code -ERR USER_NOT_REGISTERED}, {@code -ERR NO_ANSWER}, ...). The leg's call events arrive meanwhile.
     */
    public CompletableFuture<String> originate(String node, OriginateRequest request) {
        String line;
        try {
            line = request.apiLine(request.uuid());
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        return originateJob(node, line);
    }

    /** Any {@code api} command, for diagnostics: FreeSWITCH's reply body unchanged ({@code -ERR ...} included). */
    public CompletableFuture<String> api(String node, String command) {
        return withNode(node, n -> n.api(command));
    }

    @Override
    public CompletableFuture<String> dial(String node, String conference, String profile, String dialString,
                                          String callerIdNumber, String callerIdName) {
        return dial(node, conference, profile, dialString, callerIdNumber, callerIdName, null);
    }

    @Override
    public CompletableFuture<String> dial(String node, String conference, String profile, String dialString,
                                          String callerIdNumber, String callerIdName, UUID originationUuid) {
        String line;
        try {
            line = "originate {" + (originationUuid == null ? "" : "origination_uuid=" + originationUuid + ",")
                    + "origination_caller_id_number=" + ConferenceNames.requireCallerIdNumber(callerIdNumber)
                    + ",origination_caller_id_name=" + quoted(ConferenceNames.requireCallerIdName(callerIdName)) + "}"
                    + ConferenceNames.requireDialString(dialString)
                    + " &conference(" + ConferenceNames.requireValid(conference) + "@" + ConferenceNames.requireProfile(profile) + ")";
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        return originateJob(node, line);
    }

    @Override
    public CompletableFuture<String> conferenceCommand(String node, ConferenceCommand command, String conference,
                                                       String argument) {
        String line;
        try {
            line = command.apiLine(conference, argument);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        return withNode(node, n -> n.api(line).thenApply(reply -> {
            if (!command.isSuccess(reply, conference, argument)) {
                throw new EslCommandException(node, line, reply.strip());
            }
            return reply.strip();
        }));
    }

    /**
     * Learns the domain, then lists the conferences. The domain comes first so that the server knows it before any
     * member of this resync is announced; it is asked again after every reconnect (FreeSWITCH may have restarted with
     * another configuration).
     */
    private CompletableFuture<Void> resync(String node, EslConnection connection, Clock clock) {
        return connection.api(DomainReply.COMMAND)
                .thenAccept(body -> learnDomain(node, body))
                .thenCompose(ignored -> listConferences(node, connection, clock))
                .thenCompose(ignored -> listChannels(node, connection));
    }

    /**
     * Drops the channels that ended while the event connection was down. A listing that cannot be read is logged and
     * skipped: the channels then stay until their hangup event, which is better than a node that never comes up.
     */
    private CompletableFuture<Void> listChannels(String node, EslConnection connection) {
        return connection.api(ChannelList.COMMAND).thenAccept(body -> {
            try {
                calls.retainOnly(node, ChannelList.uuids(body));
            } catch (IllegalArgumentException e) {
                log.warn("FreeSWITCH node {}: {}; channels not resynchronised", node, e.getMessage());
            }
        });
    }

    private void learnDomain(String node, String body) {
        Optional<String> domain = DomainReply.parse(body);
        String before = domain.isPresent() ? domains.put(node, domain.get()) : domains.remove(node);
        if (!domain.equals(Optional.ofNullable(before))) {
            log.info("FreeSWITCH node {}: domain {}", node, domain.map(d -> "'" + d + "'")
                    .orElse("unknown (global_getvar domain answered '" + body.strip() + "')"));
        }
    }

    private CompletableFuture<Void> listConferences(String node, EslConnection connection, Clock clock) {
        return connection.api("conference json_list").thenAccept(body -> {
            if (body.startsWith("-ERR")) {
                throw new EslCommandException(node, "api conference json_list", body.strip());
            }
            registry.replaceNode(node, ConferenceListParser.parse(node, body, clock.instant()));
        });
    }

    /** {@code bgapi <line>} of an originate: the new channel's uuid from {@code +OK <uuid>}, else its {@code -ERR <cause>}. */
    private CompletableFuture<String> originateJob(String node, String line) {
        return withNode(node, n -> n.bgapi(line).thenApply(result -> {
            String reply = result.strip();
            if (!reply.startsWith("+OK ")) {
                throw new EslCommandException(node, line, reply);
            }
            return reply.substring(4).strip();
        }));
    }

    private <T> CompletableFuture<T> withNode(String node, Function<EslNode, CompletableFuture<T>> action) {
        EslNode n = nodes.get(node);
        if (n == null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("unknown FreeSWITCH node: " + node));
        }
        CompletableFuture<T> sent;
        try {
            sent = action.apply(n);
        } catch (IllegalArgumentException e) {
            // A command with a line break (EslCommand refuses it): nothing was sent.
            return CompletableFuture.failedFuture(e);
        }
        return onCallbackExecutor(sent);
    }

    /** Re-completes {@code future} on the callback executor, so callers' continuations never run on an event loop. */
    private <T> CompletableFuture<T> onCallbackExecutor(CompletableFuture<T> future) {
        CompletableFuture<T> result = new CompletableFuture<>();
        future.whenComplete((value, error) -> {
            Runnable complete = () -> {
                if (error != null) {
                    result.completeExceptionally(error instanceof CompletionException && error.getCause() != null ? error.getCause() : error);
                } else {
                    result.complete(value);
                }
            };
            try {
                callbackExecutor.execute(complete);
            } catch (RejectedExecutionException e) {
                complete.run();
            }
        });
        return result;
    }

    private static String quoted(String callerIdName) {
        return callerIdName.indexOf(' ') >= 0 ? "'" + callerIdName + "'" : callerIdName;
    }
}
