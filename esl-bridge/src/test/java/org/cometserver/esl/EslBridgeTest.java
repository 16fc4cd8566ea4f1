package org.cometserver.esl;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.cometserver.esl.client.ReconnectPolicy;
import org.cometserver.esl.conference.Conference;
import org.cometserver.esl.conference.ConferenceCommand;
import org.cometserver.esl.conference.Member;
import org.cometserver.esl.standin.FreeSwitchStandIn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EslBridgeTest {

    private static final ReconnectPolicy FAST = new ReconnectPolicy(Duration.ofMillis(20), Duration.ofMillis(200), 2.0, 0.5);

    private FreeSwitchStandIn fs;
    private EventLoopGroup group;
    private ExecutorService callbacks;
    private EslBridge bridge;
    private final RecordingListener listener = new RecordingListener();

    private EslBridge startBridge(EventFormat format, Duration commandTimeout) {
        fs = fs != null ? fs : FreeSwitchStandIn.start();
        group = new MultiThreadIoEventLoopGroup(2, new DefaultThreadFactory("esl-test-io"), NioIoHandler.newFactory());
        callbacks = Executors.newSingleThreadExecutor(new DefaultThreadFactory("esl-callbacks"));
        EslBridgeConfig config = EslBridgeConfig.of(List.of(fs.nodeConfig("fs1")))
                .withTimeouts(Duration.ofSeconds(2), commandTimeout, Duration.ofSeconds(2))
                .withReconnect(FAST)
                .withEventFormat(format);
        bridge = new EslBridge(config, group, NioSocketChannel.class, callbacks);
        bridge.addListener(listener);
        bridge.start();
        return bridge;
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        closeAll(bridge, group, callbacks, fs);
    }

    /** Closes what a test started, in order (any may be null): the bridge, its threads, then the stand-in. */
    static void closeAll(EslBridge bridge, EventLoopGroup group, ExecutorService callbacks, FreeSwitchStandIn fs)
            throws InterruptedException {
        if (bridge != null) {
            bridge.close();
        }
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
        if (callbacks != null) {
            callbacks.shutdown();
            assertTrue(callbacks.awaitTermination(2, TimeUnit.SECONDS));
        }
        if (fs != null) {
            fs.close();
        }
    }

    @Test
    void startsThroughEveryStateAndSyncsConferencesThatAlreadyExist() throws Exception {
        fs = FreeSwitchStandIn.start();
        int alice = fs.addMember("3000", "1001", "Alice");
        int bob = fs.addTalkingMember("3000", "1002", "Bob");
        startBridge(EventFormat.PLAIN, Duration.ofSeconds(2));
        awaitUp();
        waitFor(() -> listener.states.contains(NodeState.UP));
        assertEquals(List.of(NodeState.CONNECTING, NodeState.AUTHENTICATING, NodeState.SYNCING, NodeState.UP), listener.states);
        Conference conf = bridge.snapshot().find("fs1", "3000").orElseThrow();
        assertEquals(2, conf.members().size());
        Member a = conf.member(alice).orElseThrow();
        assertEquals("Alice", a.callerIdName());
        assertEquals("1001", a.callerIdNumber());
        assertEquals("fs1", a.node());
        assertFalse(a.hasFloor());
        Member b = conf.member(bob).orElseThrow();
        assertTrue(b.hasFloor(), "the talker took the floor");
        waitFor(() -> listener.notices.size() == 2);
        assertEquals(List.of("joined " + alice + " Alice", "joined " + bob + " Bob"), listener.notices);
        assertEquals(List.of("auth ClueCon", "auth ClueCon", "event plain BACKGROUND_JOB HEARTBEAT CHANNEL_CREATE CHANNEL_PROGRESS CHANNEL_PROGRESS_MEDIA CHANNEL_ANSWER "
                        + "CHANNEL_BRIDGE CHANNEL_UNBRIDGE CHANNEL_HOLD CHANNEL_UNHOLD CHANNEL_CALLSTATE CHANNEL_HANGUP_COMPLETE DTMF "
                        + "CUSTOM conference::maintenance",
                "api global_getvar domain", "api conference json_list", "api show channels as json"), fs.receivedCommands());
        assertEquals("127.0.0.1", bridge.domain("fs1").orElseThrow(), "learned before UP");
        NodeHealth health = bridge.health("fs1").orElseThrow();
        assertEquals(0, health.reconnectCount());
    }

    /** The 05 recording's scenario, driven through the stand-in's api like the recording's driver connection. */
    @ParameterizedTest
    @EnumSource(EventFormat.class)
    void maintenanceEventsKeepTheRegistryCurrent(EventFormat format) throws Exception {
        fs = FreeSwitchStandIn.start();
        fs.setNextMemberId(5);
        startBridge(format, Duration.ofSeconds(2));
        awaitUp();
        fs.api("originate {origination_caller_id_number=1001,origination_caller_id_name=Alice}loopback/conf-3000/default &park");
        fs.api("originate {origination_caller_id_number=1002,origination_caller_id_name=Bob}loopback/conf-3000/default talker XML default");
        waitFor(() -> members("3000").size() == 2);
        assertEquals("+OK mute 5\n", fs.api("conference 3000 mute 5"));
        waitFor(() -> member("3000", 5).muted());
        assertEquals("+OK unmute 5\n", fs.api("conference 3000 unmute 5"));
        assertEquals("+OK kicked 6\n", fs.api("conference 3000 kick 6"));
        waitFor(() -> members("3000").size() == 1 && member("3000", 5).hasFloor());
        assertFalse(member("3000", 5).muted());
        assertEquals("+OK hup 5\n", fs.api("conference 3000 hup 5"));
        waitFor(() -> bridge.snapshot().conferences().isEmpty());
        waitFor(() -> listener.notices.contains("left 5"));
        assertEquals(List.of("joined 5 Alice", "changed 5 floor", "joined 6 Bob", "changed 6 talking", "changed 5 no-floor",
                "changed 6 floor", "changed 6 silent", "changed 5 muted", "changed 5 unmuted", "changed 6 no-floor", "left 6",
                "changed 5 floor", "changed 5 no-floor", "left 5"), listener.notices);
        assertTrue(listener.threads.stream().allMatch(t -> t.startsWith("esl-callbacks")), "listeners run on the callback executor");
    }

    @Test
    void memberCommandsRoundTrip() throws Exception {
        fs = FreeSwitchStandIn.start();
        int alice = fs.addMember("3000", "1001", "Alice");
        int bob = fs.addMember("3000", "1002", "Bob");
        startBridge(EventFormat.JSON, Duration.ofSeconds(2));
        awaitUp();
        bridge.conferenceCommand("fs1", ConferenceCommand.MUTE, "3000", alice).get(10, TimeUnit.SECONDS);
        assertTrue(fs.isMuted("3000", alice));
        waitFor(() -> member("3000", alice).muted());
        bridge.conferenceCommand("fs1", ConferenceCommand.UNMUTE, "3000", alice).get(10, TimeUnit.SECONDS);
        waitFor(() -> !member("3000", alice).muted());
        bridge.conferenceCommand("fs1", ConferenceCommand.DEAF, "3000", alice).get(10, TimeUnit.SECONDS);
        waitFor(() -> member("3000", alice).deaf());
        bridge.conferenceCommand("fs1", ConferenceCommand.UNDEAF, "3000", alice).get(10, TimeUnit.SECONDS);
        bridge.conferenceCommand("fs1", ConferenceCommand.VMUTE, "3000", alice).get(10, TimeUnit.SECONDS);
        waitFor(() -> member("3000", alice).videoMuted() && !member("3000", alice).deaf());
        bridge.conferenceCommand("fs1", ConferenceCommand.UNVMUTE, "3000", alice).get(10, TimeUnit.SECONDS);
        waitFor(() -> !member("3000", alice).videoMuted());
        bridge.conferenceCommand("fs1", ConferenceCommand.KICK, "3000", bob).get(10, TimeUnit.SECONDS);
        waitFor(() -> members("3000").size() == 1);
        assertEquals(List.of(alice), fs.memberIds("3000"));
        assertTrue(fs.receivedCommands().contains("api conference 3000 kick " + bob));
    }

    @Test
    void refusalsCarryFreeSwitchsText() throws Exception {
        fs = FreeSwitchStandIn.start();
        fs.addMember("3000", "1001", "Alice");
        startBridge(EventFormat.PLAIN, Duration.ofSeconds(2));
        awaitUp();
        assertEquals("-ERR Conference 9999 not found", refusal(bridge.conferenceCommand("fs1", ConferenceCommand.KICK, "9999", 1)).reply());
        assertEquals("-ERR Non-Existant ID 999", refusal(bridge.conferenceCommand("fs1", ConferenceCommand.MUTE, "3000", 999)).reply());
        assertEquals("-ERR NO_ROUTE_DESTINATION",
                refusal(bridge.dial("fs1", "3000", "default", "loopback/9999/nosuchcontext", "1001", "Alice")).reply());
        fs.refuseDial("sofia/internal/1009@127.0.0.1", "USER_NOT_REGISTERED");
        EslCommandException notRegistered = refusal(bridge.dial("fs1", "3000", "default", "sofia/internal/1009@127.0.0.1", "1001", "Alice"));
        assertEquals("-ERR USER_NOT_REGISTERED", notRegistered.reply());
        assertTrue(notRegistered.getMessage().contains("fs1"), notRegistered.getMessage());
        assertInstanceOf(IllegalArgumentException.class, failure(bridge.conferenceCommand("nosuchnode", ConferenceCommand.KICK, "3000", 1)));
        assertInstanceOf(IllegalArgumentException.class, failure(bridge.conferenceCommand("fs1", ConferenceCommand.KICK, "3000 kick all", 1)));
        assertInstanceOf(IllegalArgumentException.class,
                failure(bridge.dial("fs1", "3000", "default", "user/1000 &park", "1", "x")));
        assertInstanceOf(IllegalArgumentException.class,
                failure(bridge.dial("fs1", "3000", "default", "user/1000", "1", "Eve,origination_uuid=x")));
        assertInstanceOf(IllegalArgumentException.class, failure(bridge.api("fs1", "status\n\napi version")));
        assertFalse(fs.receivedCommands().stream().anyMatch(c -> c.contains("kick all") || c.contains("Eve") || c.contains("version")),
                "nothing unsafe sent");
    }

    @Test
    void dialPutsTheAnsweredCallIntoTheConference() throws Exception {
        fs = FreeSwitchStandIn.start();
        startBridge(EventFormat.PLAIN, Duration.ofSeconds(2));
        awaitUp();
        String uuid = bridge.dial("fs1", "0*3000-127.0.0.1", "video", "user/1000", "0000005", "Comet User").get(10, TimeUnit.SECONDS);
        assertEquals(36, uuid.length());
        waitFor(() -> members("0*3000-127.0.0.1").size() == 1);
        assertEquals("video", bridge.snapshot().find("fs1", "0*3000-127.0.0.1").orElseThrow().profile());
        assertTrue(fs.receivedCommands().contains(
                "bgapi originate {origination_caller_id_number=0000005,origination_caller_id_name='Comet User'}user/1000 &conference(0*3000-127.0.0.1@video)"),
                fs.receivedCommands().toString());
    }

    @Test
    void restartOfFreeSwitchReconnectsAndResyncsBeforeReportingUp() throws Exception {
        fs = FreeSwitchStandIn.start();
        int alice = fs.addMember("3000", "1001", "Alice");
        startBridge(EventFormat.PLAIN, Duration.ofSeconds(2));
        awaitUp();
        waitFor(() -> listener.notices.size() == 1);
        fs.stopListening();
        fs.restart();
        waitFor(() -> bridge.health("fs1").orElseThrow().state() == NodeState.DOWN);
        assertInstanceOf(NodeDownException.class, failure(bridge.conferenceCommand("fs1", ConferenceCommand.KICK, "3000", alice)));
        // While FreeSWITCH is away: the old conference is gone, a new one starts with member id 1 again.
        int carol = fs.addMember("4000", "1003", "Carol");
        waitFor(() -> bridge.health("fs1").orElseThrow().reconnectCount() >= 2);
        assertEquals(1, bridge.snapshot().find("fs1", "3000").orElseThrow().members().size(), "kept until the resync says otherwise");
        fs.startListening();
        awaitUp();
        assertTrue(bridge.snapshot().find("fs1", "3000").isEmpty());
        assertEquals("Carol", member("4000", carol).callerIdName());
        waitFor(() -> listener.notices.size() == 3);
        assertEquals(List.of("joined " + alice + " Alice", "joined " + carol + " Carol", "left " + alice), listener.notices);
        NodeHealth health = bridge.health("fs1").orElseThrow();
        assertTrue(health.lastError() != null && health.lastError().contains("connect"), health.lastError());
        waitFor(() -> listener.states.get(listener.states.size() - 1) == NodeState.UP);
        List<NodeState> tail = listener.states.subList(listener.states.size() - 4, listener.states.size());
        assertEquals(List.of(NodeState.CONNECTING, NodeState.AUTHENTICATING, NodeState.SYNCING, NodeState.UP), tail);
        assertTrue(listener.states.contains(NodeState.DOWN));
        // Events flow again on the new connection.
        int dave = fs.addMember("4000", "1004", "Dave");
        waitFor(() -> members("4000").size() == 2);
        assertEquals("Dave", member("4000", dave).callerIdName());
    }

    @Test
    void theDomainIsLearnedAtEveryReconnect() throws Exception {
        fs = FreeSwitchStandIn.start();
        fs.setDomain("192.0.2.2");
        startBridge(EventFormat.PLAIN, Duration.ofSeconds(2));
        assertTrue(bridge.domain("fs1").isEmpty() || bridge.domain("fs1").get().equals("192.0.2.2"));
        awaitUp();
        assertEquals("192.0.2.2", bridge.domain("fs1").orElseThrow());
        assertTrue(bridge.domain("nope").isEmpty());
        // FreeSWITCH restarted with another vars.xml: the reconnect asks again.
        fs.setDomain("fs.example.com");
        fs.restart();
        waitFor(() -> bridge.health("fs1").orElseThrow().reconnectCount() >= 1 && bridge.health("fs1").orElseThrow().isUp());
        waitFor(() -> bridge.domain("fs1").equals(java.util.Optional.of("fs.example.com")));
        assertEquals(2, fs.receivedCommands().stream().filter("api global_getvar domain"::equals).count(),
                fs.receivedCommands().toString());
        // Conferences of the comet dialplan carry the domain FreeSWITCH reports.
        fs.api("originate {origination_caller_id_number=0000005,origination_caller_id_name=0000005}loopback/0*3000*default/default &park");
        waitFor(() -> bridge.snapshot().find("fs1", "0*3000-fs.example.com").isPresent());
    }

    @Test
    void droppedConnectionsFailWaitingFuturesAtOnceAndReconnect() throws Exception {
        fs = FreeSwitchStandIn.start();
        int alice = fs.addMember("3000", "1001", "Alice");
        startBridge(EventFormat.PLAIN, Duration.ofSeconds(30));
        awaitUp();
        fs.setAnswering(false);
        CompletableFuture<Void> kick = bridge.conferenceCommand("fs1", ConferenceCommand.KICK, "3000", alice);
        CompletableFuture<String> dial = bridge.dial("fs1", "3000", "default", "user/1000", "1000", "X");
        Thread.sleep(100);
        long dropped = System.nanoTime();
        fs.dropAllConnections();
        assertInstanceOf(NodeDownException.class, failure(kick));
        assertInstanceOf(NodeDownException.class, failure(dial));
        assertTrue(System.nanoTime() - dropped < TimeUnit.SECONDS.toNanos(15), "failed on the drop, not on the 30 s timeout");
        fs.setAnswering(true);
        waitFor(() -> bridge.health("fs1").orElseThrow().reconnectCount() >= 1);
        awaitUp();
        bridge.conferenceCommand("fs1", ConferenceCommand.MUTE, "3000", alice).get(10, TimeUnit.SECONDS);
    }

    @Test
    void aFreeSwitchThatStopsAnsweringTimesCommandsOut() throws Exception {
        fs = FreeSwitchStandIn.start();
        int alice = fs.addMember("3000", "1001", "Alice");
        startBridge(EventFormat.PLAIN, Duration.ofMillis(300));
        awaitUp();
        fs.setAnswering(false);
        long start = System.nanoTime();
        assertInstanceOf(TimeoutException.class, failure(bridge.conferenceCommand("fs1", ConferenceCommand.KICK, "3000", alice)));
        assertInstanceOf(TimeoutException.class, failure(bridge.dial("fs1", "3000", "default", "user/1000", "1000", "X")));
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(15), "timed out instead of hanging");
    }

    @Test
    void aSilentEventConnectionIsDroppedAndReconnected() throws Exception {
        fs = FreeSwitchStandIn.start();
        fs.startHeartbeats(Duration.ofMillis(100));
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        callbacks = Executors.newSingleThreadExecutor();
        bridge = new EslBridge(EslBridgeConfig.of(List.of(fs.nodeConfig("fs1"))).withReconnect(FAST)
                .withEventIdleTimeout(Duration.ofMillis(1000)), group, NioSocketChannel.class, callbacks);
        bridge.start();
        awaitUp();
        Thread.sleep(1500);
        assertEquals(0, bridge.health("fs1").orElseThrow().reconnectCount(), "heartbeats keep it up");
        fs.stopHeartbeats();
        waitFor(() -> bridge.health("fs1").orElseThrow().reconnectCount() >= 1);
        assertTrue(bridge.health("fs1").orElseThrow().lastError().contains("HEARTBEAT expected"),
                bridge.health("fs1").orElseThrow().lastError());
    }

    @Test
    void wrongPasswordKeepsTheNodeDownWithFreeSwitchsReason() throws Exception {
        fs = FreeSwitchStandIn.start("secret", java.time.Clock.systemUTC());
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        callbacks = Executors.newSingleThreadExecutor();
        EslNodeConfig wrong = new EslNodeConfig("fs1", fs.host(), fs.port(), "ClueCon");
        bridge = new EslBridge(EslBridgeConfig.of(List.of(wrong)).withReconnect(FAST), group, NioSocketChannel.class, callbacks);
        bridge.start();
        waitFor(() -> bridge.health("fs1").orElseThrow().reconnectCount() >= 2);
        NodeHealth health = bridge.health("fs1").orElseThrow();
        assertTrue(health.lastError().contains("-ERR invalid"), health.lastError());
        assertFalse(health.isUp());
    }

    @Test
    void closingLeavesNoConnectionsTimersOrThreads() throws Exception {
        int threadsBefore = Thread.activeCount();
        fs = FreeSwitchStandIn.start();
        startBridge(EventFormat.PLAIN, Duration.ofSeconds(2));
        awaitUp();
        waitFor(() -> fs.connectionCount() == 2);
        bridge.close();
        waitFor(() -> fs.connectionCount() == 0);
        int commands = fs.receivedCommands().size();
        Thread.sleep(300);
        assertEquals(commands, fs.receivedCommands().size(), "no reconnect after close");
        assertEquals(NodeState.DOWN, bridge.health("fs1").orElseThrow().state());
        assertInstanceOf(NodeDownException.class, failure(bridge.conferenceCommand("fs1", ConferenceCommand.KICK, "3000", 1)));
        bridge = null;
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        group = null;
        callbacks.shutdown();
        assertTrue(callbacks.awaitTermination(2, TimeUnit.SECONDS));
        callbacks = null;
        fs.close();
        fs = null;
        waitFor(() -> Thread.activeCount() <= threadsBefore);
    }

    private void awaitUp() throws InterruptedException {
        waitFor(() -> bridge.health("fs1").orElseThrow().isUp());
    }

    private List<Member> members(String conference) {
        return bridge.snapshot().find("fs1", conference).map(Conference::members).orElse(List.of());
    }

    private Member member(String conference, int id) {
        return bridge.snapshot().find("fs1", conference).flatMap(c -> c.member(id)).orElseThrow();
    }

    static Throwable failure(CompletableFuture<?> future) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> future.get(20, TimeUnit.SECONDS));
        return e.getCause();
    }

    static EslCommandException refusal(CompletableFuture<?> future) {
        return assertInstanceOf(EslCommandException.class, failure(future));
    }

    static void waitFor(BooleanSupplier condition) throws InterruptedException {
        // Generous: the test machine is shared and sometimes heavily loaded; conditions normally hold within milliseconds.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 20 s");
            }
            Thread.sleep(10);
        }
    }
}
