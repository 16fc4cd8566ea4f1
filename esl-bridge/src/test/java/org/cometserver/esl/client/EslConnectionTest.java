package org.cometserver.esl.client;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import org.cometserver.esl.EslCommandException;
import org.cometserver.esl.NodeDownException;
import org.cometserver.esl.codec.EslEvent;
import org.cometserver.esl.standin.FreeSwitchStandIn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EslConnectionTest {

    private FreeSwitchStandIn fs;
    private EventLoopGroup group;
    private EslTransport transport;

    @BeforeEach
    void setUp() {
        fs = FreeSwitchStandIn.start();
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        transport = new EslTransport(group, NioSocketChannel.class, Duration.ofSeconds(2), Duration.ofMillis(500), Duration.ofSeconds(2), Duration.ofSeconds(60));
    }

    @AfterEach
    void tearDown() {
        fs.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private EslConnection open(List<EslEvent> events, BackgroundJobs jobs) throws Exception {
        return EslConnection.open("fs1", fs.host(), fs.port(), fs.password(), transport,
                events == null ? null : events::add, jobs, null).get(10, TimeUnit.SECONDS);
    }

    @Test
    void authenticatesThenAnswersApiInOrder() throws Exception {
        EslConnection c = open(null, null);
        CompletableFuture<String> status = c.api("status");
        CompletableFuture<String> version = c.api("version");
        CompletableFuture<String> unknown = c.api("no_such_command");
        assertTrue(status.get(10, TimeUnit.SECONDS).startsWith("UP 0 years"));
        assertEquals("FreeSWITCH Version 1.10.12-release~64bit ( 64bit)\n", version.get(10, TimeUnit.SECONDS));
        // api errors are ordinary api/response bodies: the connection passes them on, callers judge them.
        assertEquals("-ERR no_such_command Command not found!\n", unknown.get(10, TimeUnit.SECONDS));
        assertEquals(List.of("auth ClueCon", "api status", "api version", "api no_such_command"), fs.receivedCommands());
        c.close();
        assertEquals("connection closed by FreeSWITCH", c.closeFuture().get(10, TimeUnit.SECONDS));
    }

    @Test
    void wrongPasswordFailsWithFreeSwitchsReply() {
        ExecutionException e = assertThrows(ExecutionException.class, () -> EslConnection.open("fs1", fs.host(), fs.port(),
                "wrong", transport, null, null, null).get(10, TimeUnit.SECONDS));
        EslCommandException refused = assertInstanceOf(EslCommandException.class, e.getCause());
        assertEquals("-ERR invalid", refused.reply());
    }

    @Test
    void refusedConnectionFailsAsNodeDown() {
        int port = fs.port();
        fs.stopListening();
        ExecutionException e = assertThrows(ExecutionException.class, () -> EslConnection.open("fs1", "127.0.0.1", port,
                "ClueCon", transport, null, null, null).get(20, TimeUnit.SECONDS));
        assertInstanceOf(NodeDownException.class, e.getCause());
    }

    @Test
    void refusedSocketCommandFails() throws Exception {
        EslConnection c = open(null, null);
        ExecutionException e = assertThrows(ExecutionException.class, () -> c.command("event json NOSUCHEVENT").get(10, TimeUnit.SECONDS));
        assertEquals("-ERR no keywords supplied", assertInstanceOf(EslCommandException.class, e.getCause()).reply());
        c.close();
    }

    @Test
    void bgapiCompletesFromTheBackgroundJobEventWithTheJobUuidWeChose() throws Exception {
        BackgroundJobs jobs = new BackgroundJobs();
        List<EslEvent> events = new CopyOnWriteArrayList<>();
        EslConnection c = open(events, jobs);
        c.command("event plain BACKGROUND_JOB").get(10, TimeUnit.SECONDS);
        int id = fs.addMember("3000", "1003", "Carol");
        String body = c.bgapi("conference 3000 list", jobs).get(10, TimeUnit.SECONDS);
        assertTrue(body.startsWith(id + ";loopback/conf-3000-b;"), body);
        assertTrue(body.contains(";Carol;1003;hear|speak|floor;0;0;100\n"), body);
        assertEquals("bgapi conference 3000 list", fs.receivedCommands().get(2));
        // The job completes before the event reaches the listener list: wait for it.
        waitFor(() -> !events.isEmpty());
        EslEvent job = events.get(0);
        assertEquals("BACKGROUND_JOB", job.name());
        assertEquals("conference", job.get("Job-Command"));
        assertEquals("3000 list", job.get("Job-Command-Arg"), "URL-decoded");
        assertEquals(0, jobs.size());
        c.close();
    }

    @Test
    void bgapiWithoutItsEventTimesOut() throws Exception {
        BackgroundJobs jobs = new BackgroundJobs();
        EslConnection c = open(null, null);
        // Not subscribed to BACKGROUND_JOB: the command/reply comes, the result never does.
        ExecutionException e = assertThrows(ExecutionException.class, () -> c.bgapi("status", jobs).get(20, TimeUnit.SECONDS));
        assertInstanceOf(TimeoutException.class, e.getCause());
        assertEquals(0, jobs.size());
        c.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain", "json"})
    void conferenceEventsAreParsedInBothFormats(String format) throws Exception {
        List<EslEvent> events = new CopyOnWriteArrayList<>();
        EslConnection c = open(events, null);
        assertEquals("+OK event listener enabled " + format,
                c.command("event " + format + " CUSTOM conference::maintenance").get(10, TimeUnit.SECONDS));
        int id = fs.addMember("3000", "1001", "Alice Smith");
        waitFor(() -> events.size() >= 3);
        EslEvent create = events.get(0);
        assertEquals("conference::maintenance", create.subclass());
        assertEquals("conference-create", create.get("Action"));
        EslEvent add = events.get(1);
        assertEquals("add-member", add.get("Action"));
        assertEquals(Integer.toString(id), add.get("Member-ID"));
        assertEquals("Alice Smith", add.get("Caller-Caller-ID-Name"));
        assertEquals("Outbound Call", add.get("Caller-Callee-ID-Name"));
        assertEquals("floor-change", events.get(2).get("Action"));
        assertEquals("none", events.get(2).get("Old-ID"));
        c.close();
    }

    @Test
    void pendingCommandsFailWhenTheConnectionDrops() throws Exception {
        EslConnection c = open(null, null);
        fs.setAnswering(false);
        CompletableFuture<String> status = c.api("status");
        fs.dropAllConnections();
        ExecutionException e = assertThrows(ExecutionException.class, () -> status.get(10, TimeUnit.SECONDS));
        assertInstanceOf(NodeDownException.class, e.getCause());
        assertInstanceOf(NodeDownException.class, assertThrows(ExecutionException.class,
                () -> c.api("status").get(10, TimeUnit.SECONDS)).getCause());
    }

    @Test
    void aHungServerTimesCommandsOut() throws Exception {
        EslConnection c = open(null, null);
        fs.setAnswering(false);
        ExecutionException e = assertThrows(ExecutionException.class, () -> c.api("status").get(20, TimeUnit.SECONDS));
        assertInstanceOf(TimeoutException.class, e.getCause());
        c.close();
    }

    static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 20 s");
            }
            Thread.sleep(10);
        }
    }
}
