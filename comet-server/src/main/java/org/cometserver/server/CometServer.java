package org.cometserver.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import org.cometserver.cometql.CometQlServer;
import org.cometserver.cometql.session.LoginCompleted;
import org.cometserver.cometql.spi.CometQlBackends;
import org.cometserver.cometql.spi.StatementTimings;
import org.cometserver.esl.EslBridge;
import org.cometserver.server.auth.JwtTokens;
import org.cometserver.server.auth.LoginFailures;
import org.cometserver.server.auth.UserAuthenticator;
import org.cometserver.server.broker.Broker;
import org.cometserver.server.broker.PresenceManager;
import org.cometserver.server.broker.local.LocalBroker;
import org.cometserver.server.broker.local.LocalPresence;
import org.cometserver.server.broker.redis.RedisCluster;
import org.cometserver.server.calls.ClusterCalls;
import org.cometserver.server.calls.P2pCalls;
import org.cometserver.server.config.CometConfig;
import org.cometserver.server.config.FreeswitchNode;
import org.cometserver.server.config.IoEngine;
import org.cometserver.server.config.ListenerSettings;
import org.cometserver.server.config.SecurityWarnings;
import org.cometserver.server.config.MainSection;
import org.cometserver.server.health.Readiness;
import org.cometserver.server.health.StoreProbe;
import org.cometserver.server.hub.Disconnect;
import org.cometserver.server.hub.Hub;
import org.cometserver.server.hub.LocalHub;
import org.cometserver.server.listener.AcceptBackpressure;
import org.cometserver.server.listener.AcceptErrors;
import org.cometserver.server.listener.ConnectionExpiry;
import org.cometserver.server.listener.ConnectionGuard;
import org.cometserver.server.listener.DescriptorBudget;
import org.cometserver.server.listener.ListenerAdmission;
import org.cometserver.server.metrics.CometMetrics;
import org.cometserver.server.store.JdbcStore;
import org.cometserver.server.store.Store;
import org.cometserver.server.transport.HandshakeCompleted;
import org.cometserver.server.transport.http.CallRejectRoute;
import org.cometserver.server.transport.http.GuestJoinRoute;
import org.cometserver.server.transport.http.HttpRouteHandler;
import org.cometserver.server.transport.ws.WsChannelInitializer;
import org.cometserver.server.transport.ws.WsDeliveries;
import org.cometserver.server.transport.ws.WsServices;
import org.cometserver.server.transport.ws.WsWarmUp;
import org.cometserver.server.transport.ws.WsSession;
import org.cometserver.server.wiring.CometQlWiring;
import org.cometserver.server.wiring.GuestJoins;
import org.cometserver.server.wiring.FreeswitchOwners;
import org.cometserver.server.wiring.Rooms;
import org.cometserver.server.wiring.MessageCounters;
import org.cometserver.server.wiring.NodeEvents;
import org.cometserver.server.wiring.PresenceRecorder;
import org.cometserver.server.wiring.Publisher;
import org.cometserver.server.wiring.StoreDirectoryUsers;
import org.cometserver.xmlcurl.XmlCurlServer;
import org.cometserver.xmlcurl.spi.DirectoryRequests;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import java.util.function.Predicate;

/**
 * The comet server process: loads the config, opens the store, builds the hub and the modules, binds the listeners
 * ({@code [cometql]}, {@code [ws]}, {@code [freeswitch]}), connects to the {@code [sip] freeswitch} event sockets and
 * shuts all of it down cleanly. No protocol logic lives here.
 */
public final class CometServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CometServer.class);
    private static final long PURGE_INTERVAL_SECONDS = 60;
    /** How long {@code conference_phones} keeps a phone at most (docs/CONFERENCES.md). */
    private static final Duration PHONES_KEPT = Duration.ofDays(7);
    /** Netty's default sizes for reads (64 bytes to 64 KiB, adapting to what each connection sends). */
    private static final AdaptiveRecvByteBufAllocator RECEIVE_BUFFER_SIZES = new AdaptiveRecvByteBufAllocator();
    private static final long SHUTDOWN_TIMEOUT_SECONDS = 10;
    /** Logins and store reads of browsers waiting for a ws-store thread; beyond, they are refused. */
    private static final int WS_EXECUTOR_QUEUE = 10_000;
    /** Directory lookups of FreeSWITCH waiting for the store; beyond, they are answered 503. */
    private static final int XML_CURL_EXECUTOR_QUEUE = 1_000;
    /** What the browser and directory listeners send a newcomer they have no room for. */
    private static final byte[] SERVICE_UNAVAILABLE = ("HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain"
            + "\r\nContent-Length: 21\r\nConnection: close\r\nRetry-After: 5\r\n\r\nToo many connections\n")
            .getBytes(StandardCharsets.US_ASCII);

    // set one by one while starting; close() releases whatever was created, so a failed start leaks nothing
    private PidFile pidFile;
    private Store store;
    private Hub hub;
    private PresenceManager presence;
    private Broker broker;
    private RedisCluster cluster;
    private Publisher publisher;
    private MessageCounters messages;
    private ScheduledExecutorService storeExecutor;
    private Rooms rooms;
    private ThreadPoolExecutor cometQlExecutor;
    private ThreadPoolExecutor cometQlScanExecutor;
    private final Map<IoEngine, EventLoopGroup> acceptors = new EnumMap<>(IoEngine.class);
    private EventLoopGroup cometQlWorkers;
    private volatile Channel cometQlChannel;
    /** Volatile: CometQL's status table reads its connection count from statement threads. */
    private volatile CometQlServer cometQlServer;
    private ThreadPoolExecutor wsExecutor;
    private EventLoopGroup wsWorkers;
    private volatile Channel wsChannel;
    private ExecutorService xmlCurlExecutor;
    private EventLoopGroup xmlCurlWorkers;
    private volatile Channel xmlCurlChannel;
    private final DescriptorBudget descriptors = DescriptorBudget.ofThisProcess();
    private final Map<String, ListenerAdmission> admissions = new HashMap<>();
    private EventLoopGroup eslWorkers;
    private ExecutorService eslCallbacks;
    private EslBridge freeswitch;
    /** In a cluster: which FreeSWITCH nodes' events this node processes; null on a single node. */
    private FreeswitchOwners freeswitchOwners;
    /** P2P call sessions: their timers and offline hook. */
    private P2pCalls p2pCalls;
    private boolean closing;
    private Readiness readiness;
    /** Null when {@code [metrics] enabled = false}. */
    private CometMetrics metrics;
    /** Failed logins per address, shared by the CometQL and browser listeners. */
    private LoginFailures loginFailures;

    private CometServer() {
    }

    /**
     * Starts a server; port 0 binds an ephemeral port (see {@link #cometQlPort()}).
     *
     * @throws BindFailedException when a port is taken
     * @throws org.cometserver.server.store.StoreException when the store cannot be opened
     */
    public static CometServer start(CometConfig config) {
        return start(config, "given in code");
    }

    /** As {@link #start(CometConfig)}; {@code configSource} (file path or "built-in defaults") is logged at start. */
    public static CometServer start(CometConfig config, String configSource) {
        LogLevels.apply(config.log());
        SecurityWarnings.of(config).forEach(warning -> log.warn(warning));
        CometServer server = new CometServer();
        try {
            server.startAll(config);
            log.info("comet-server {} started: config {}, store {}, listeners {}", Version.get(), configSource,
                    config.db().location(), server.listenerAddresses());
            return server;
        } catch (RuntimeException | Error e) {
            server.close();
            throw e;
        }
    }

    private void startAll(CometConfig config) {
        Clock clock = Clock.systemUTC();
        pidFile = PidFile.write(config.main().pidfile());
        // loads the browser path while the store opens; awaited before the [ws] port opens
        CompletableFuture<Boolean> wsWarmUp = config.ws().listener().enabled() ? WsWarmUp.inBackground(config)
                : CompletableFuture.completedFuture(false);
        store = JdbcStore.open(config.db());
        // one thread: users_time writes of a user must land in order
        storeExecutor = Executors.newSingleThreadScheduledExecutor(named("comet-store-%d"));
        // issue #12: one publishing path over the broker: Redis for several nodes, else this node (history in the store)
        messages = new MessageCounters();
        String node = LocalPresence.SINGLE_NODE;
        if (config.cluster().enabled()) {
            config.cluster().checkStore(config.db());
            node = config.cluster().nodeName(hostname(), config.ws().listener().port());
            cluster = RedisCluster.connect(config.cluster(), node);
            broker = cluster.broker();
        } else {
            broker = new LocalBroker(store.history(), storeExecutor);
        }
        publisher = CometQlWiring.publisher(config, store, broker, clock, messages);
        NodeEvents nodeEvents = new NodeEvents(new PresenceRecorder(config.main(), store.onlineTimes(),
                storeExecutor, clock, publisher), node, cluster != null, clock);
        hub = new LocalHub(nodeEvents);
        presence = cluster != null ? cluster.presence() : new LocalPresence(node, hub);
        nodeEvents.bind(hub, presence, broker);
        // several nodes: P2P call sessions live on their caller's node, signals are forwarded (docs/CALLS.md)
        ClusterCalls clusterCalls = cluster != null ? new ClusterCalls(node, broker, presence, hub, clock) : null;
        CometQlWiring.startBroker(publisher, hub, store, storeExecutor, clusterCalls);
        if (clusterCalls != null) {
            nodeEvents.onNodesLost(clusterCalls::nodesLost);
        }
        presence.start(nodeEvents);
        storeExecutor.scheduleWithFixedDelay(() -> purgeExpiredRows(clock), PURGE_INTERVAL_SECONDS,
                PURGE_INTERVAL_SECONDS, TimeUnit.SECONDS);
        // a connection runs one statement at a time, so the queue is bounded by the number of connections
        cometQlExecutor = new ThreadPoolExecutor(config.cometql().executorThreads(),
                config.cometql().executorThreads(), 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                named("cometql-exec-%d"));
        // joins and keyless reads: few threads and a bounded queue, so they never hold the threads above
        cometQlScanExecutor = new ThreadPoolExecutor(config.cometql().scanThreads(), config.cometql().scanThreads(),
                0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(config.cometql().scanQueue()),
                named("cometql-scan-%d"));
        loginFailures = new LoginFailures(config.main().loginMaxFailures(),
                Duration.ofSeconds(config.main().loginFailureWindow()),
                Duration.ofSeconds(config.main().loginBlockTime()), clock);
        EventLoops loops = new EventLoops();
        startFreeswitchBridge(config, loops, clock);
        StoreProbe storeProbe = new StoreProbe(store, clock);
        storeProbe.schedule(storeExecutor);
        readiness = new Readiness(storeProbe, () -> listenersBound(config),
                freeswitch == null ? List::of : freeswitch::health);
        // read by CometQL's status table, which exists before the CometQL server does
        IntSupplier cometQlConnections = () -> {
            CometQlServer server = cometQlServer;
            return server == null ? 0 : server.openConnections();
        };
        p2pCalls = CometQlWiring.p2pCalls(config, hub, clock, clusterCalls);
        if (rooms == null) { // without FreeSWITCH: settings are only stored
            rooms = CometQlWiring.rooms(config, publisher, store, clock, null);
        }
        CometQlBackends backends = CometQlWiring.backends(config, hub, store, clock, cometQlConnections, freeswitch,
                readiness, publisher, p2pCalls, rooms, presence);
        CometQlWiring.temporaryAccess(config, store, backends, freeswitch, storeExecutor, clock);
        if (freeswitchOwners != null) {
            freeswitchOwners.showIn(backends);
        }
        if (config.metrics().enabled()) {
            metrics = new CometMetrics();
            metrics.hub(hub);
            metrics.messages(messages::total);
            metrics.clusterRedisAvailable(broker::available);
            metrics.cometQlConnections(cometQlConnections);
            metrics.slowDisconnects(WsSession::slowCloses);
            metrics.deliveries(WsDeliveries::deliveredTotal, WsDeliveries::droppedTotal);
            metrics.offlineQueue(store.messageQueue()::size);
            if (freeswitch != null) {
                metrics.freeswitch(freeswitch);
            }
        }
        ListenerSettings cometQl = config.cometql().listener();
        if (cometQl.enabled()) {
            cometQlWorkers = loops.group("cometql-io", cometQl.threadNum(), loops.resolve(cometQl.io()));
            cometQlServer = new CometQlServer(CometQlWiring.cometQlConfig(config), backends, loginFailures,
                    cometQlExecutor, cometQlScanExecutor,
                    metrics == null ? StatementTimings.NONE : metrics.statementTimings());
            // CppComet: an expired connection's socket was closed, whatever it was doing
            cometQlChannel = bind("cometql", cometQl, loops, cometQlWorkers, cometQlServer.channelInitializer(),
                    CometQlServer.tooManyConnectionsPacket(), event -> event == LoginCompleted.INSTANCE,
                    new ConnectionExpiry(config.cometql().maxUptime(), Channel::close));
            cometQlServer.warmUp();
            log.info("CometQL listening on {}:{} ({})", cometQl.ip(), cometQlPort(),
                    loops.resolve(cometQl.io()).iniName());
        } else {
            log.info("CometQL disabled ([cometql] thread_num = 0)");
        }
        startWs(config, backends, clock, loops, wsWarmUp);
        startXmlCurl(config, backends, loops);
        if (config.statistics().toLog()) {
            long interval = config.statistics().intervalSeconds();
            // the store thread already runs the periodic purge; a line of counters per interval costs it nothing
            storeExecutor.scheduleWithFixedDelay(loadLog(backends), interval, interval, TimeUnit.SECONDS);
        }
    }

    private LoadLog loadLog(CometQlBackends backends) {
        Map<String, IntSupplier> listeners = new TreeMap<>();
        admissions.forEach((section, admission) -> listeners.put(section, admission::openConnections));
        Map<String, IntSupplier> queues = new LinkedHashMap<>();
        queues.put("cometql-exec", () -> cometQlExecutor.getQueue().size());
        queues.put("cometql-scan", () -> cometQlScanExecutor.getQueue().size());
        if (wsExecutor != null) {
            queues.put("ws-store", () -> wsExecutor.getQueue().size());
        }
        return new LoadLog(listeners, backends.status()::globalStatus, queues);
    }

    private void startXmlCurl(CometConfig config, CometQlBackends backends, EventLoops loops) {
        ListenerSettings listener = config.freeswitch().listener();
        if (!listener.enabled()) {
            log.info("FreeSWITCH directory endpoint disabled ([freeswitch] thread_num = 0)");
            return;
        }
        xmlCurlExecutor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(XML_CURL_EXECUTOR_QUEUE), named("xmlcurl-store-%d"));
        IoEngine engine = loops.resolve(listener.io());
        xmlCurlWorkers = loops.group("xmlcurl-io", listener.threadNum(), engine);
        XmlCurlServer xmlCurl = new XmlCurlServer(config.freeswitch().xmlCurl(),
                new StoreDirectoryUsers(store.auth(), store.guests(), Clock.systemUTC(), xmlCurlExecutor),
                CometQlWiring.dialInRooms(backends, store, xmlCurlExecutor),
                metrics == null ? DirectoryRequests.NONE : metrics.directoryRequests());
        // the directory has no login step: a connection lives at most handshake_timeout
        xmlCurlChannel = bind("freeswitch", listener, loops, xmlCurlWorkers, xmlCurl.channelInitializer(),
                SERVICE_UNAVAILABLE, event -> false, ConnectionExpiry.never());
        log.info("FreeSWITCH directory (mod_xml_curl) listening on {}:{}{} ({})", listener.ip(), xmlCurlPort(),
                config.freeswitch().xmlCurl().path(), engine.iniName());
    }

    /** Connects to every {@code [sip] freeswitch} node in the background (reconnecting on its own). */
    private void startFreeswitchBridge(CometConfig config, EventLoops loops, Clock clock) {
        if (config.sip().freeswitch().isEmpty()) {
            return;
        }
        IoEngine engine = loops.resolve(IoEngine.EPOLL);
        eslWorkers = loops.group("esl-io", 1, engine);
        // one thread: conference notices keep FreeSWITCH's event order
        eslCallbacks = Executors.newSingleThreadExecutor(named("esl-events-%d"));
        freeswitch = CometQlWiring.freeswitchBridge(config, eslWorkers, loops.socketChannel(engine), eslCallbacks, hub,
                store, clock);
        if (cluster != null) {
            // every node bridges every FreeSWITCH node; the lease holder alone turns its events into rows and notices
            freeswitchOwners = new FreeswitchOwners(cluster.leases(), config.sip().freeswitch().stream()
                    .map(FreeswitchNode::name).toList(), eslCallbacks, freeswitch);
            freeswitch.decorateListeners(freeswitchOwners::owned);
            // renewed beside the presence heartbeats, never behind a slow store call
            freeswitchOwners.start(cluster.timer(), config.cluster().heartbeat());
        }
        rooms = CometQlWiring.rooms(config, publisher, store, clock, freeswitch); // listening before the first event
        if (freeswitchOwners != null) {
            freeswitchOwners.governs(rooms);
        }
        freeswitch.start();
        log.info("FreeSWITCH event socket: connecting to {}", config.sip().freeswitch().stream()
                .map(node -> node.name() + " (" + node.server() + ":" + node.eslPort() + ")").toList());
    }

    private void startWs(CometConfig config, CometQlBackends backends, Clock clock, EventLoops loops,
                         CompletableFuture<Boolean> warmUp) {
        ListenerSettings ws = config.ws().listener();
        if (!ws.enabled()) {
            log.info("WebSocket disabled ([ws] thread_num = 0)");
            return;
        }
        int threads = config.ws().storeThreads();
        wsExecutor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(WS_EXECUTOR_QUEUE), named("ws-store-%d"));
        MainSection main = config.main();
        UserAuthenticator authenticator = new UserAuthenticator(store, new JwtTokens(main.password(), clock),
                !main.protectedMode());
        WsServices services = new WsServices(hub, store, CometQlWiring.userReads(backends), authenticator,
                loginFailures, clock, wsExecutor, main, config.ws(), p2pCalls,
                CometQlWiring.participantCalls(backends, store), CometQlWiring.roomMembers(backends, store),
                presence, publisher);
        CallRejectRoute callReject = new CallRejectRoute(p2pCalls, authenticator, loginFailures, wsExecutor,
                config.ws(), main.devIndexSize());
        awaitWsWarmUp(warmUp);
        wsWorkers = loops.group("ws-io", ws.threadNum(), loops.resolve(ws.io()));
        wsChannel = bind("ws", ws, loops, wsWorkers,
                new WsChannelInitializer(services, new HttpRouteHandler(config, wsExecutor, readiness, metrics,
                        callReject, config.sip().freeswitch().isEmpty() ? null : new GuestJoinRoute(
                                new GuestJoins(store.guests(), config.sip(), clock), loginFailures, wsExecutor,
                                config.ws()))),
                SERVICE_UNAVAILABLE,
                event -> event == HandshakeCompleted.INSTANCE, new ConnectionExpiry(config.ws().maxUptime(),
                        channel -> channel.pipeline().fireUserEventTriggered(Disconnect.EXPIRED)));
        try {
            WsWarmUp.overLoopback((InetSocketAddress) wsChannel.localAddress(), ws.threadNum());
        } catch (IOException e) {
            log.warn("WebSocket port warm-up over loopback failed: {}", e.toString());
        }
        log.info("WebSocket listening on {}:{} ({})", ws.ip(), wsPort(), loops.resolve(ws.io()).iniName());
    }

    /** Waits for {@link WsWarmUp#inBackground}: the first browser is then greeted as fast as the next ones (issue #9). */
    private static void awaitWsWarmUp(CompletableFuture<Boolean> warmUp) {
        long start = System.nanoTime();
        try {
            log.debug("WebSocket warm-up: greeted {}, waited {} ms", warmUp.join(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        } catch (CompletionException e) {
            // only the first browser's latency is at stake
            log.warn("WebSocket warm-up failed: {}", e.getCause().toString());
        }
    }

    /**
     * Binds a listener whose connections are admitted by its limits ({@link ConnectionGuard}) before
     * {@code initializer} builds the protocol's pipeline.
     *
     * @param refusal            sent to a newcomer the listener has no room for, before closing it
     * @param handshakeCompleted the user event that ends a connection's handshake
     * @param expiry             ends connections older than the section's {@code maxUptime}
     */
    private Channel bind(String section, ListenerSettings listener, EventLoops loops, EventLoopGroup workers,
                         ChannelHandler initializer, byte[] refusal, Predicate<Object> handshakeCompleted,
                         ConnectionExpiry expiry) {
        IoEngine engine = loops.resolve(listener.io());
        ListenerAdmission admission = new ListenerAdmission(section, listener.limits(), descriptors, refusal,
                Clock.systemUTC());
        admissions.put(section, admission);
        if (metrics != null) {
            metrics.listener(section, admission);
        }
        AcceptBackpressure backpressure = new AcceptBackpressure();
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(acceptor(loops, engine), workers)
                .channel(loops.serverChannel(engine))
                .option(ChannelOption.SO_BACKLOG, listener.backlog())
                .option(ChannelOption.SO_REUSEADDR, true)
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel listening) {
                        listening.pipeline().addLast(new AcceptErrors(section, Clock.systemUTC()), backpressure);
                    }
                })
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WriteBufferWaterMark.DEFAULT)
                // one allocator for all (it holds only its sizes; each connection keeps its own handle), where Netty
                // makes one per connection (issue #13: 32 bytes on every idle connection)
                .childOption(ChannelOption.RCVBUF_ALLOCATOR, RECEIVE_BUFFER_SIZES)
                .childHandler(new ConnectionGuard(admission, backpressure, initializer, handshakeCompleted,
                        expiry));
        ChannelFuture bound = bootstrap.bind(listener.ip(), listener.port()).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            throw new BindFailedException(section, listener.address(), bound.cause());
        }
        return bound.channel();
    }

    /** One accepting thread per I/O engine in use: a server channel must run on its own engine's loop. */
    private EventLoopGroup acceptor(EventLoops loops, IoEngine engine) {
        return acceptors.computeIfAbsent(engine, e -> loops.group("comet-accept-" + e.iniName(), 1, e));
    }

    /** Each enabled listener and whether it is bound and open now (false while starting and once closing). */
    private Map<String, Boolean> listenersBound(CometConfig config) {
        Map<String, Boolean> bound = new LinkedHashMap<>();
        if (config.cometql().listener().enabled()) {
            bound.put("cometql", cometQlChannel != null && cometQlChannel.isActive());
        }
        if (config.ws().listener().enabled()) {
            bound.put("ws", wsChannel != null && wsChannel.isActive());
        }
        if (config.freeswitch().listener().enabled()) {
            bound.put("freeswitch", xmlCurlChannel != null && xmlCurlChannel.isActive());
        }
        return bound;
    }

    /** Each listener's bound address, or "off", for the start line: one place to see what this process serves. */
    private String listenerAddresses() {
        Map<String, Channel> listeners = new LinkedHashMap<>();
        listeners.put("cometql", cometQlChannel);
        listeners.put("ws", wsChannel);
        listeners.put("freeswitch", xmlCurlChannel);
        StringBuilder line = new StringBuilder();
        listeners.forEach((section, channel) -> {
            if (line.length() > 0) {
                line.append(", ");
            }
            line.append(section).append(' ').append(channel == null ? "off" : addressOf(channel));
        });
        return line.toString();
    }

    private static String addressOf(Channel channel) {
        InetSocketAddress address = (InetSocketAddress) channel.localAddress();
        return address.getAddress().getHostAddress() + ":" + address.getPort();
    }

    /** The bound CometQL port, -1 when the listener is disabled. */
    public int cometQlPort() {
        return cometQlChannel == null ? -1 : ((InetSocketAddress) cometQlChannel.localAddress()).getPort();
    }

    /** The bound WebSocket/HTTP port, -1 when the listener is disabled. */
    public int wsPort() {
        return wsChannel == null ? -1 : ((InetSocketAddress) wsChannel.localAddress()).getPort();
    }

    /** The bound mod_xml_curl port, -1 when the listener is disabled. */
    public int xmlCurlPort() {
        return xmlCurlChannel == null ? -1 : ((InetSocketAddress) xmlCurlChannel.localAddress()).getPort();
    }

    /** The admission of listener {@code section} ({@code cometql}, {@code ws}, {@code freeswitch}), for tests. */
    ListenerAdmission admission(String section) {
        return admissions.get(section);
    }

    public Hub hub() {
        return hub;
    }

    /** Room settings, timers and ends (issue 11): {@code rooms().ends().addListener(...)}. */
    public Rooms rooms() {
        return rooms;
    }

    /** This machine's name for the default {@code [cluster] node_name}; "localhost" when it has none. */
    private static String hostname() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "localhost";
        }
    }

    /** Stops accepting, closes connections, drains executors, closes the store. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closing) {
                return;
            }
            closing = true;
        }
        // no newcomers on any port
        for (Channel listening : new Channel[] {cometQlChannel, wsChannel, xmlCurlChannel}) {
            if (listening != null) {
                listening.close().syncUninterruptibly();
            }
        }
        // backends first: whatever they were told OK was published while browsers were still connected
        shutDownCometQl();
        if (freeswitchOwners != null) {
            freeswitchOwners.close(); // before the bridge: the next holder processes what comes after
        }
        if (freeswitch != null) {
            freeswitch.close();
        }
        // each browser's close frame is queued behind the deliveries already on its way
        if (hub != null) {
            hub.closeAll(Disconnect.SHUTDOWN);
        }
        if (presence != null && cluster == null) {
            presence.close();
        }
        shutdownGroup(eslWorkers);
        shutdownGroup(xmlCurlWorkers);
        shutdownGroup(wsWorkers);
        shutdownGroup(cometQlWorkers);
        acceptors.values().forEach(CometServer::shutdownGroup);
        if (p2pCalls != null) {
            p2pCalls.close();
        }
        if (rooms != null) {
            rooms.close();
        }
        shutdown(eslCallbacks);
        shutdown(xmlCurlExecutor);
        shutdown(wsExecutor);
        shutdown(cometQlExecutor);
        shutdown(cometQlScanExecutor);
        shutdown(storeExecutor);
        if (cluster != null) {
            cluster.close(); // its broker and presence
        } else if (broker != null) {
            broker.close();
        }
        if (store != null) {
            store.close();
        }
        if (metrics != null) {
            metrics.close();
        }
        if (pidFile != null) {
            pidFile.delete();
        }
        log.info("comet server stopped");
    }

    private void shutDownCometQl() {
        if (cometQlServer == null) {
            return;
        }
        try {
            if (!cometQlServer.shutDown(Duration.ofSeconds(SHUTDOWN_TIMEOUT_SECONDS))) {
                log.warn("CometQL connections still open after {} s of shutdown; closing them",
                        SHUTDOWN_TIMEOUT_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Expired queued private messages, and phones in rooms kept longer than {@link #PHONES_KEPT}. */
    private void purgeExpiredRows(Clock clock) {
        try {
            int purged = store.messageQueue().purgeExpired(clock.instant().getEpochSecond());
            if (purged > 0) {
                log.info("purged {} expired queued private messages", purged);
            }
            // phones are forgotten when conference_members finds them gone; a site that never reads it keeps none
            // longer than this
            int phones = store.phones().purgeOlderThan(clock.instant().minus(PHONES_KEPT).getEpochSecond());
            if (phones > 0) {
                log.info("purged {} phones in rooms older than {} days", phones, PHONES_KEPT.toDays());
            }
        } catch (RuntimeException e) {
            log.warn("purge of expired queued messages and old phones failed: {}", e.getMessage());
        }
    }

    /** Threads named by {@code format} with 1, 2, ... (e.g. {@code cometql-exec-1}). */
    private static ThreadFactory named(String format) {
        AtomicInteger next = new AtomicInteger();
        return task -> new Thread(task, String.format(format, next.incrementAndGet()));
    }

    private static void shutdownGroup(EventLoopGroup group) {
        if (group != null) {
            group.shutdownGracefully(0, SHUTDOWN_TIMEOUT_SECONDS, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private static void shutdown(ExecutorService executor) {
        if (executor == null) {
            return;
        }
        executor.shutdown();
        try {
            if (!executor.awaitTermination(SHUTDOWN_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    public static void main(String[] args) {
        System.exit(CometServerMain.run(args));
    }
}
