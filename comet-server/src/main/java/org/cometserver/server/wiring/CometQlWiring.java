package org.cometserver.server.wiring;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import org.cometserver.cometql.CometQlConfig;
import org.cometserver.cometql.spi.CometQlBackends;
import org.cometserver.esl.EslBridge;
import org.cometserver.esl.EslBridgeConfig;
import org.cometserver.esl.EslNodeConfig;
import org.cometserver.server.auth.JwtTokens;
import org.cometserver.server.broker.PresenceManager;
import org.cometserver.server.broker.local.LocalPresence;
import org.cometserver.server.calls.CallRegistry;
import org.cometserver.server.calls.Calls;
import org.cometserver.server.calls.ClusterCalls;
import org.cometserver.server.calls.P2pCalls;
import org.cometserver.server.calls.ParticipantCalls;
import org.cometserver.server.calls.RoomMembers;
import org.cometserver.server.calls.SipCalls;
import org.cometserver.server.calls.SipControl;
import org.cometserver.server.config.CometConfig;
import org.cometserver.server.config.CometQlSection;
import org.cometserver.server.health.Readiness;
import org.cometserver.server.broker.Broker;
import org.cometserver.server.hub.Hub;
import org.cometserver.server.store.Store;
import org.cometserver.xmlcurl.spi.DialInRooms;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/** Builds the CometQL module's config and its host services over this process's hub and store. */
public final class CometQlWiring {
    /** A statement's wait for FreeSWITCH: a little longer than the bridge's own timeouts, which fail first. */
    static final Duration FREESWITCH_COMMAND_WAIT = EslBridgeConfig.of(List.of()).commandTimeout().plusSeconds(1);
    static final Duration FREESWITCH_DIAL_WAIT = EslBridgeConfig.of(List.of()).backgroundJobTimeout().plusSeconds(1);

    private CometQlWiring() {
    }

    public static CometQlConfig cometQlConfig(CometConfig config) {
        CometQlSection section = config.cometql();
        return new CometQlConfig(CometQlConfig.CPPCOMET_VERSION, section.maxPacketSize(), section.maxQueryLength(),
                section.planCacheSize(), section.maxResultRows(), section.maxHistoryLength(),
                Duration.ofSeconds(section.idleTimeoutSeconds()), config.main().useQueryLoger(),
                section.maxExecutionTime());
    }

    /** The bridge to every {@code [sip] freeswitch} node (not started), or null when there is none. */
    public static EslBridge freeswitchBridge(CometConfig config, EventLoopGroup group,
                                             Class<? extends Channel> channelType, Executor callbacks, Hub hub,
                                             Store store, Clock clock) {
        if (config.sip().freeswitch().isEmpty()) {
            return null;
        }
        List<EslNodeConfig> nodes = config.sip().freeswitch().stream()
                .map(node -> new EslNodeConfig(node.name(), node.server(), node.eslPort(), node.password()))
                .toList();
        EslBridge bridge = new EslBridge(EslBridgeConfig.of(nodes), group, channelType, callbacks, clock);
        return bridge;
    }

    /**
     * The spi implementations. Blocks while the {@code pipes_settings} cache loads: call at start, off event loops.
     *
     * @param cometQlConnections open CometQL connections, for {@code SHOW STATUS}
     * @param freeswitch         the event-socket bridge to {@code [sip] freeswitch}, null when it lists no node
     */
    public static CometQlBackends backends(CometConfig config, Hub hub, Store store, Clock clock,
                                           IntSupplier cometQlConnections, EslBridge freeswitch,
                                           Publisher publisher) {
        return backends(config, hub, store, clock, cometQlConnections, freeswitch, null, publisher, null, null,
                new LocalPresence(LocalPresence.SINGLE_NODE, hub));
    }

    /**
     * The one publishing path over {@code broker} ({@link Publisher}); loads the {@code pipes_settings} cache (blocks:
     * call at start). The broker delivers nothing until {@link #startBroker}.
     *
     * @param counters messages published, also read by {@code /metrics} and {@code SHOW STATUS}
     */
    public static Publisher publisher(CometConfig config, Store store, Broker broker, Clock clock,
                                      MessageCounters counters) {
        return new Publisher(broker, new WebSenders(), new PipeSettingsCache(store.pipeSettings().loadAll()),
                config.cometql().maxHistoryLength(), new MessageSizeLimit(config.main().maxMessageSize()), counters,
                clock, Publisher.DEFAULT_TIMEOUT, store.messageQueue(), config.main().queueTtlSeconds());
    }

    /** Starts the publisher's broker with this node's delivery to {@code hub}; store calls run on {@code storeExecutor}. */
    public static void startBroker(Publisher publisher, Hub hub, Store store, Executor storeExecutor) {
        startBroker(publisher, hub, store, storeExecutor, null);
    }

    /**
     * As above; with several nodes, the call controls go to {@code calls} (null for a single node). Loads the phones
     * in rooms the store keeps (blocks).
     */
    public static void startBroker(Publisher publisher, Hub hub, Store store, Executor storeExecutor,
                                   ClusterCalls calls) {
        publisher.phones().keepIn(store.phones(), storeExecutor);
        if (calls != null) {
            publisher.phones().shareThrough(publisher.broker()); // several nodes: each lists the others' phones
        }
        publisher.broker().start(new NodeDelivery(hub, publisher, store, storeExecutor, calls));
    }

    /**
     * Temporary users and guest passes ({@link TemporaryAccess}): listens to the bridge's members (when there is a
     * bridge) and sweeps every {@link TemporaryAccess#SWEEP_INTERVAL} on {@code scheduler} (the store thread).
     */
    public static void temporaryAccess(CometConfig config, Store store, CometQlBackends backends,
                                       EslBridge freeswitch, ScheduledExecutorService scheduler, Clock clock) {
        TemporaryAccess access = new TemporaryAccess(config.sip(),
                freeswitch == null ? node -> Optional.empty() : freeswitch::domain, store, backends.users(),
                freeswitch, freeswitch == null ? null : freeswitch::snapshot,
                (task, delay) -> scheduler.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS),
                TemporaryAccess.GRACE, clock);
        if (freeswitch != null) {
            freeswitch.addListener(access);
        }
        long every = TemporaryAccess.SWEEP_INTERVAL.toSeconds();
        scheduler.scheduleWithFixedDelay(access::sweep, every, every, TimeUnit.SECONDS);
    }

    /**
     * The rooms dial-in PINs open, for the {@code [freeswitch]} endpoint's dialplan binding ({@link PinDialIn}); the
     * store is read on {@code executor}. Without FreeSWITCH every PIN is wrong.
     */
    public static DialInRooms dialInRooms(CometQlBackends backends, Store store, Executor executor) {
        if (!(backends.conferences() instanceof FreeswitchConferenceBackend conferences)) {
            return DialInRooms.NONE;
        }
        return new PinDialIn((pin, limit) -> store.roomSettings().byPinAnyDev(pin, limit).stream()
                .map(settings -> new FreeswitchRooms.Room(settings.devId(), settings.name())).toList(),
                store.conferences(), conferences.phones(), executor);
    }

    /** The users' reads browser commands make ({@code user_status}, {@code user_data}). */
    public static UserReads userReads(CometQlBackends backends) {
        return (HubUserBackend) backends.users();
    }

    /** Phones pages call into their rooms ({@code call_participant}); null without FreeSWITCH. */
    public static ParticipantCalls participantCalls(CometQlBackends backends, Store store) {
        if (!(backends.conferences() instanceof FreeswitchConferenceBackend conferences)
                || !conferences.hasFreeswitch()) {
            return null;
        }
        return new ParticipantDialer(conferences, new RoomAccess(conferences, store.conferences()),
                store.roomSettings());
    }

    /** Member lists for pages joining rooms ({@code conference_members}); null without FreeSWITCH. */
    public static RoomMembers roomMembers(CometQlBackends backends, Store store) {
        if (!(backends.conferences() instanceof FreeswitchConferenceBackend conferences)
                || !conferences.hasFreeswitch()) {
            return null;
        }
        return new RoomMemberList(new RoomAccess(conferences, store.conferences()));
    }

    /** The P2P call registry ({@code [calls]}); the caller closes it at shutdown. */
    public static P2pCalls p2pCalls(CometConfig config, Hub hub, Clock clock) {
        return p2pCalls(config, hub, clock, null);
    }

    /** P2P calls; with several nodes ({@code calls} not null) sessions live on their caller's node. */
    public static P2pCalls p2pCalls(CometConfig config, Hub hub, Clock clock, ClusterCalls calls) {
        return new P2pCalls(config.calls(), hub, clock, config.main().nodeName(), calls);
    }

    /**
     * @param readiness the {@code ready} row of {@code SHOW GLOBAL STATUS}; null leaves it out
     * @param publisher the one publishing path ({@link #publisher}), its counters also read by {@code /metrics}
     * @param p2p       P2P calls in the {@code calls} table; null leaves them out
     * @param rooms     room settings and ends ({@link #rooms}); null: settings are only stored, rooms end unannounced
     * @param presence  who is subscribed and online, on every node
     */
    public static CometQlBackends backends(CometConfig config, Hub hub, Store store, Clock clock,
                                           IntSupplier cometQlConnections, EslBridge freeswitch,
                                           Readiness readiness, Publisher publisher, P2pCalls p2p,
                                           Rooms rooms, PresenceManager presence) {
        MessageCounters counters = publisher.counters();
        List<CallRegistry> callRegistries = new ArrayList<>();
        if (p2p != null) {
            callRegistries.add(p2p);
        }
        MessageSizeLimit messageSize = publisher.messageSize();
        PrivateMessages privateMessages = publisher.privateMessages();
        SipCalls sipCalls = sipCalls(config, hub, publisher, clock, freeswitch);
        if (sipCalls != null) {
            callRegistries.add(sipCalls);
        }
        ParticipantNotices participantNotices = null;
        if (freeswitch != null) {
            participantNotices = new ParticipantNotices(new RoomChannel(config.sip(), store.conferences(), publisher));
            freeswitch.addListener(participantNotices);
        }
        return new CometQlBackends(
                new HubPipeBackend(store, publisher.settings(), publisher, config.cometql().maxHistoryLength(),
                        presence, PresenceWait.WAIT),
                new HubUserBackend(hub, store, publisher, privateMessages,
                        new JwtTokens(config.main().password(), clock), clock, messageSize, presence, PresenceWait.WAIT),
                new FreeswitchConferenceBackend(config.sip(), store.conferences(), privateMessages, clock, freeswitch,
                        freeswitch == null ? null : freeswitch::snapshot,
                        freeswitch == null ? node -> Optional.empty() : freeswitch::domain,
                        FREESWITCH_COMMAND_WAIT, FREESWITCH_DIAL_WAIT, rooms == null ? null : rooms.ends(),
                        participantNotices, publisher.phones()),
                new Calls(callRegistries, sipCalls == null ? null
                        : new SipClickToCall(config.sip(), freeswitch::domain, sipCalls, clickToCallRing(config))),
                new HubServerStatus(hub, presence, counters, cometQlConnections, config.cometql().listener().threadNum(),
                        freeswitch == null ? List::of : freeswitch::health, dataDirectory(config), readiness,
                        publisher.broker()::available, clock),
                new IniAccounts(config.main()),
                new FreeswitchRoomBackend(store.roomSettings(), store.recordings(),
                        rooms == null ? null : rooms.governor(), FREESWITCH_COMMAND_WAIT),
                new StoreGuestBackend(store.guests(), clock));
    }

    /**
     * Room settings, timers and end notices (issue 11); registers with {@code freeswitch} (null: none). The caller
     * closes it at shutdown.
     */
    public static Rooms rooms(CometConfig config, Publisher publisher, Store store, Clock clock,
                              EslBridge freeswitch) {
        return Rooms.create(config, publisher, store, clock, freeswitch);
    }

    /**
     * SIP calls through FreeSWITCH, listening to the bridge's call events; null without a FreeSWITCH node. Calls that
     * began before this (the bridge is started first) show up with their next event.
     */
    private static SipCalls sipCalls(CometConfig config, Hub hub, Publisher publisher, Clock clock,
                                     EslBridge freeswitch) {
        if (freeswitch == null) {
            return null;
        }
        // several nodes: each follows every FreeSWITCH node, so event frames go to its own pages only (once each)
        SipCalls.UserFrames eventUsers = config.cluster().enabled() ? hub::sendToUser
                : publisher::sendToUser;
        SipCalls calls = new SipCalls(SipControl.of(freeswitch), publisher::sendToUser, eventUsers, clock,
                Duration.ofSeconds(config.calls().keepFinishedSeconds()), FREESWITCH_COMMAND_WAIT, FREESWITCH_DIAL_WAIT);
        freeswitch.addCallListener(calls);
        return calls;
    }

    /**
     * How long click-to-call rings the user's browsers: {@code [calls] answer_timeout}, within the bridge's wait for
     * an originate (which must report the browser's NO_ANSWER before it gives up).
     */
    static Duration clickToCallRing(CometConfig config) {
        Duration limit = EslBridgeConfig.of(List.of()).backgroundJobTimeout().minusSeconds(5);
        Duration configured = Duration.ofSeconds(config.calls().answerTimeoutSeconds());
        return configured.compareTo(limit) < 0 ? configured : limit;
    }

    /** The embedded store's directory; with an external database the working directory (logs, pid file). */
    private static Path dataDirectory(CometConfig config) {
        Path parent = Path.of(config.db().embeddedPath()).toAbsolutePath().getParent();
        return config.db().embedded() && parent != null ? parent : Path.of("").toAbsolutePath();
    }
}
