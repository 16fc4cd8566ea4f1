package org.cometserver.esl.standin;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.cometserver.esl.EslNodeConfig;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A FreeSWITCH stand-in for tests: a real TCP event socket on 127.0.0.1 that speaks mod_event_socket's protocol byte for
 * byte as recorded from FreeSWITCH 1.10.12 (see {@code testdata/freeswitch/esl-transcripts}), with an emulated
 * mod_conference behind it. Members join through {@code api originate ... loopback/conf-<name>/default ...}, the comet
 * dialplan {@code loopback/<dev>*<room>*<profile>/default}, {@code &conference(<name>@<profile>)}, or
 * {@link #addMember}; every change fires {@code conference::maintenance} events to the subscribed connections in the
 * format each asked for.
 * <p>
 * Calls ({@link ChannelEmulator}): SIP users are {@linkplain #register registered} with a {@link SipDevice} behaviour;
 * {@code originate} of {@code user/…}, {@code sofia/…} and {@code loopback/…} with {@code &bridge(…)}, {@code &park} or
 * an extension, {@code uuid_hold}, {@code uuid_send_dtmf}, {@code uuid_transfer}, {@code uuid_kill} and
 * {@code show channels} work as recorded (12, 12b, 13, 14), with their {@code CHANNEL_*} and {@code DTMF} events; what
 * devices do is driven by the test: {@link #call} (a device or browser calls an extension), {@link #answer},
 * {@link #refuse}, {@link #hangUpChannel}, {@link #sendDtmfFromDevice}.
 * <p>
 * Faults for tests: {@link #dropAllConnections()}, {@link #restart()} (drop, forget all conferences, member ids from 1),
 * {@link #stopListening()}/{@link #startListening()}, {@link #setAnswering(boolean)} (commands read but never
 * answered), {@link #stopHeartbeats()} (silence), {@link #refuseDial}. {@code HEARTBEAT} fires every 20 s, as in
 * FreeSWITCH, or as set with {@link #startHeartbeats}.
 * <pre>
 * try (FreeSwitchStandIn fs = FreeSwitchStandIn.start()) {
 *     int id = fs.addMember("3000", "1001", "Alice");
 *     ... connect to fs.host():fs.port() with password fs.password() (ClueCon) ...
 * }
 * </pre>
 */
public final class FreeSwitchStandIn implements AutoCloseable {

    public static final String DEFAULT_PASSWORD = "ClueCon";

    private final String password;
    private final EventLoopGroup group;
    private final ModConferenceEmulator emulator;
    private final Set<StandInConnection> connections = ConcurrentHashMap.newKeySet();
    private final List<ClientCommand> commands = new CopyOnWriteArrayList<>();
    private volatile boolean answering = true;
    private volatile Channel server;
    private volatile int port;
    private ScheduledFuture<?> heartbeats;

    private FreeSwitchStandIn(String password, Clock clock) {
        this.password = password;
        this.group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("fs-standin", true), NioIoHandler.newFactory());
        StandInIdentity identity = new StandInIdentity(UUID.randomUUID().toString(), "vm", "192.0.2.2", "fd00::2", "127.0.0.1");
        this.emulator = new ModConferenceEmulator(identity, clock, this::fire);
    }

    /** Listens on an ephemeral port of 127.0.0.1 with password {@code ClueCon}. */
    public static FreeSwitchStandIn start() {
        return start(DEFAULT_PASSWORD, Clock.systemUTC());
    }

    public static FreeSwitchStandIn start(String password, Clock clock) {
        FreeSwitchStandIn standIn = new FreeSwitchStandIn(password, clock);
        standIn.startListening();
        standIn.startHeartbeats(Duration.ofSeconds(20));
        return standIn;
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return port;
    }

    public String password() {
        return password;
    }

    /** A node configuration pointing at this stand-in. */
    public EslNodeConfig nodeConfig(String name) {
        return new EslNodeConfig(name, host(), port(), password);
    }

    /** Binds (again) to the same port, or an ephemeral one the first time. */
    public synchronized void startListening() {
        if (server != null) {
            return;
        }
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        StandInConnection connection = new StandInConnection(FreeSwitchStandIn.this);
                        connections.add(connection);
                        ch.pipeline().addLast(new ClientCommandDecoder(), connection);
                    }
                });
        server = bootstrap.bind(new InetSocketAddress(host(), port)).syncUninterruptibly().channel();
        port = ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** Closes the listening socket (new connections are refused) without touching open ones. */
    public synchronized void stopListening() {
        if (server != null) {
            server.close().syncUninterruptibly();
            server = null;
        }
    }

    /** Closes every client connection at once, without a disconnect notice, as a crash or network cut does. */
    public void dropAllConnections() {
        new ArrayList<>(connections).forEach(StandInConnection::close);
    }

    /** A FreeSWITCH restart: drops every connection, forgets every conference, member ids start at 1 again. */
    public void restart() {
        dropAllConnections();
        emulator.restart();
    }

    /**
     * Fires {@code HEARTBEAT} to subscribed connections every {@code interval} (FreeSWITCH: 20 s); replaces a previous
     * schedule.
     */
    public synchronized void startHeartbeats(Duration interval) {
        stopHeartbeats();
        heartbeats = group.next().scheduleAtFixedRate(() -> fire(emulator.heartbeat()), interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Silence, as from a FreeSWITCH that vanished without closing its sockets. */
    public synchronized void stopHeartbeats() {
        if (heartbeats != null) {
            heartbeats.cancel(false);
            heartbeats = null;
        }
    }

    /** false: commands are still read but never answered (a hung FreeSWITCH); greetings are still sent. */
    public void setAnswering(boolean answering) {
        this.answering = answering;
    }

    public int connectionCount() {
        return connections.size();
    }

    /** Every command received on any connection, in arrival order ({@code auth} included). */
    public List<String> receivedCommands() {
        return commands.stream().map(ClientCommand::line).toList();
    }

    /** Runs {@code api <command>} as if a client had sent it; returns the response body. */
    public String api(String command) {
        return emulator.api(command);
    }

    /** Adds a silent member to {@code conference} (created with profile {@code default} if needed); returns its member id. */
    public int addMember(String conference, String callerIdNumber, String callerIdName) {
        return emulator.addMember(conference, "default", callerIdNumber, callerIdName, "conf-" + conference, false);
    }

    /** Adds a member that talks once on joining: {@code start-talking}, takes the floor, {@code stop-talking}. */
    public int addTalkingMember(String conference, String callerIdNumber, String callerIdName) {
        return emulator.addMember(conference, "default", callerIdNumber, callerIdName, "conf-" + conference, true);
    }

    /**
     * A phone ({@code callerNumber}) dials the PIN dial-in {@code dialled} and enters {@code pins} one after another
     * (at most 3, freeswitch-conf's retries); each is looked up at the comet server's mod_xml_curl {@code endpoint}
     * ({@link PinCaller}). Returns the member id once a PIN opened a room, or -1 when the caller was hung up.
     */
    public int dialIn(URI endpoint, String user, String password, String dialled, String callerNumber,
                      String... pins) {
        return PinCaller.call(emulator, endpoint, user, password, dialled, callerNumber, List.of(pins)).memberId();
    }

    /** The member hangs up ({@code hup-member}, {@code del-member}, ...); false if there is no such member. */
    public boolean hangUp(String conference, int memberId) {
        return emulator.hangUp(conference, memberId);
    }

    public boolean setTalking(String conference, int memberId, boolean talking) {
        return emulator.setTalking(conference, memberId, talking);
    }

    /** Member ids of {@code conference}, newest first (FreeSWITCH's listing order); empty if it does not exist. */
    public List<Integer> memberIds(String conference) {
        return emulator.memberIds(conference);
    }

    public boolean isMuted(String conference, int memberId) {
        return emulator.isMuted(conference, memberId);
    }

    /**
     * FreeSWITCH's {@code $${domain}} (default {@code 127.0.0.1}, the stock vars.xml's local IP as in recording 07d):
     * answered to {@code api global_getvar domain}, and the suffix of conferences the comet dialplan
     * ({@code loopback/<dev>*<room>*<profile>/default}) creates from now on. Survives {@link #restart()}.
     */
    public void setDomain(String domain) {
        emulator.setDomain(domain);
    }

    public String domain() {
        return emulator.identity().domain();
    }

    /** The next member gets this id (recordings start at other values than 1). */
    public void setNextMemberId(int id) {
        emulator.setNextMemberId(id);
    }

    /** {@code originate} of exactly this dial string is answered {@code -ERR <cause>}. */
    public void refuseDial(String dialString, String cause) {
        emulator.refuseDial(dialString, cause);
    }

    // ---- calls: what SIP devices and browsers do (see ChannelEmulator) ---------------------------------------------

    /**
     * {@code user} is registered with a device that behaves as {@code device} when FreeSWITCH calls it
     * ({@code user/<user>}, a bridge to the extension {@code <user>}). A user without a registration fails with
     * {@code USER_NOT_REGISTERED} if the directory knows it (a CppComet SIP name, registered once, or
     * {@link #addDirectoryUser}), else with {@code SUBSCRIBER_ABSENT} (recording 14).
     */
    public void register(String user, SipDevice device) {
        emulator.channels().register(user, device);
    }

    /** {@code user} exists in the directory but has no registration: {@code USER_NOT_REGISTERED}, not {@code SUBSCRIBER_ABSENT}. */
    public void addDirectoryUser(String user) {
        emulator.channels().addDirectoryUser(user);
    }

    public void unregister(String user) {
        emulator.channels().unregister(user);
    }

    /**
     * The SIP device or browser registered as {@code fromUser} calls {@code destination} (an extension, a registered
     * user's name): an inbound SIP leg runs the dialplan. Returns its uuid.
     */
    public String call(String fromUser, String callerIdName, String destination) {
        return emulator.channels().call(fromUser, callerIdName, destination);
    }

    /** The device on a ringing leg answers; false if {@code uuid} is not a ringing leg. */
    public boolean answer(String uuid) {
        return emulator.channels().answer(uuid);
    }

    /** The device on a ringing leg answers busy ({@link SipDevice#BUSY}) or declines ({@link SipDevice#DECLINE}). */
    public boolean refuse(String uuid, SipDevice how) {
        return emulator.channels().refuse(uuid, how);
    }

    /** The device on this leg hangs up (BYE; CANCEL while it rings). */
    public boolean hangUpChannel(String uuid) {
        return emulator.channels().hangUp(uuid);
    }

    /** The device on this leg sends DTMF digits to FreeSWITCH: a {@code DTMF} event each. */
    public boolean sendDtmfFromDevice(String uuid, String digits) {
        return emulator.channels().receiveDtmf(uuid, digits);
    }

    /** True while the leg is in call state HELD ({@code uuid_hold} on a SIP leg). */
    public boolean isHeld(String uuid) {
        return emulator.channels().isHeld(uuid);
    }

    /** The live channels' uuids, oldest first. */
    public List<String> channelUuids() {
        return emulator.channels().channelUuids();
    }

    /** The live SIP legs of {@code user} (calling or called), oldest first. */
    public List<String> legsOf(String user) {
        return emulator.channels().legsOf(user);
    }

    ModConferenceEmulator emulator() {
        return emulator;
    }

    boolean isAnswering() {
        return answering;
    }

    void recordCommand(ClientCommand command) {
        commands.add(command);
    }

    void connectionClosed(StandInConnection connection) {
        connections.remove(connection);
    }

    void fire(StandInEvent event) {
        for (StandInConnection c : connections) {
            c.deliver(event);
        }
    }

    @Override
    public void close() {
        stopHeartbeats();
        stopListening();
        dropAllConnections();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
