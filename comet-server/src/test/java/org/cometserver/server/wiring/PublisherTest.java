package org.cometserver.server.wiring;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import org.cometserver.cometql.CometQlServer;
import org.cometserver.cometql.spi.BackendUnavailableException;
import org.cometserver.cometql.spi.CometQlBackends;
import org.cometserver.cometql.spi.LoginThrottle;
import org.cometserver.server.broker.Broker;
import org.cometserver.server.broker.BrokerHandler;
import org.cometserver.server.broker.BrokerUnavailableException;
import org.cometserver.server.broker.Control;
import org.cometserver.server.broker.HistoryPage;
import org.cometserver.server.broker.Publication;
import org.cometserver.server.broker.RecordingHandler;
import org.cometserver.server.broker.StreamPosition;
import org.cometserver.server.broker.UserMessage;
import org.cometserver.server.broker.local.LocalBroker;
import org.cometserver.server.hub.EncodedFrame;
import org.cometserver.server.testing.RecordingTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rules of the one publishing path ({@link Publisher}) over the local broker, and its ERR when a broker fails. */
class PublisherTest {
    @TempDir
    Path dir;
    private WiringFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new WiringFixture(dir, "[main]\npassword = secret\n");
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    @Test
    void anEmptyEventIsKeptAsUndefinedOnlyWhereHistoryIsKept() {
        RecordingTransport page = fixture.connect(0, 0);
        fixture.hub.subscribe(page, "trust_a");
        fixture.hub.subscribe(page, "plain");
        fixture.publisher.publish(0, "plain", "", "no history");
        fixture.publisher.publish(0, "trust_a", "", "kept");
        List<Publication> kept = fixture.publisher.await(fixture.publisher.broker().history(0, List.of("trust_a"), 10));
        assertEquals("undefined", kept.get(0).event(), "CppComet's stored event");
        String epoch = kept.get(0).position().epoch();
        assertEquals(List.of("{\"data\":\"no history\",\"event\":\"\",\"message_send_time\":1700000000,"
                        + "\"pipe\":\"plain\"}",
                "{\"data\":\"kept\",\"epoch\":\"" + epoch + "\",\"event\":\"undefined\",\"message_send_time\":1700000000,"
                        + "\"offset\":1,\"pipe\":\"trust_a\"}"), page.texts());
    }

    @Test
    void aWebPublicationSkipsItsSenderAndNamesIt() {
        RecordingTransport sender = fixture.connect(0, 5);
        RecordingTransport other = fixture.connect(0, 6);
        fixture.hub.subscribe(sender, "web_room");
        fixture.hub.subscribe(other, "web_room");
        int delivered = fixture.publisher.await(fixture.publisher.publishWeb(0, "web_room", "say", "hi", 5, sender));
        assertEquals(1, delivered);
        assertEquals(List.of(), sender.texts());
        assertEquals(List.of("{\"data\":\"hi\",\"event\":\"say\",\"message_send_time\":1700000000,\"pipe\":\"web_room\","
                + "\"user_id\":5}"), other.texts(), "as CppComet's web_pipe2 frame");
        fixture.publisher.await(fixture.publisher.publishWeb(0, "web_room", "say", "again", 5, null));
        assertEquals(1, sender.texts().size(), "a sender is skipped only for its own publication");
    }

    @Test
    void onlyAPublicationSomethingAddressesCarriesAnId() {
        LocalBroker broker = new LocalBroker(fixture.store.history(), Runnable::run);
        RecordingHandler handler = new RecordingHandler();
        broker.start(handler);
        Publisher publisher = fixture.newPublisher(broker);
        publisher.publish(0, "plain", "ev", "nobody addresses it");
        publisher.publish(0, "trust_kept", "ev", "a history row");
        publisher.await(publisher.publishWeb(0, "web_room", "ev", "a sender to skip", 5, null));
        List<Publication> got = handler.arrivals().stream().map(a -> (Publication) a.what()).toList();
        assertNull(got.get(0).id(), "a CometQL publication without history: no UUID to make");
        assertEquals(36, got.get(1).id().length());
        assertEquals(36, got.get(2).id().length());
        assertEquals(List.of("nobody addresses it", "a history row", "a sender to skip"),
                got.stream().map(Publication::data).toList());
    }

    @Test
    void aBackendPublicationReachesEveryPageWhileABrowserPublishes() {
        RecordingTransport page = fixture.connect(0, 5);
        fixture.hub.subscribe(page, "web_room");
        fixture.publisher.senders().note("in-flight", page); // a web_pipe2 of this page not yet completed
        fixture.publisher.publish(0, "web_room", "ev", "from the backend");
        fixture.publisher.senders().forget("in-flight");
        assertEquals(1, page.texts().size(), "an id-less publication has no sender to skip");
    }

    @Test
    void aPublishTheBrokerDoesNotAnswerInTimeIsRefused() {
        Publisher slow = new Publisher(new FailingBroker(new CompletableFuture<>()), new WebSenders(),
                new PipeSettingsCache(List.of()), 10, new MessageSizeLimit(1000), new MessageCounters(),
                fixture.clock, Duration.ofMillis(50), fixture.store.messageQueue(), 60);
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
                () -> slow.publish(0, "chan", "ev", "lost"));
        assertTrue(e.getMessage().contains("did not answer within 50 ms"), e.getMessage());
    }

    @Test
    void aFailingBrokerIsAnErrForTheMysqlClientNeverAnOk() throws Exception {
        Publisher failing = CometQlWiring.publisher(fixture.config, fixture.store,
                new FailingBroker(CompletableFuture.failedFuture(new BrokerUnavailableException("redis is down"))),
                fixture.clock, new MessageCounters());
        CometQlBackends backends = CometQlWiring.backends(fixture.config, fixture.hub, fixture.store, fixture.clock,
                () -> 1, null, failing);
        ExecutorService executor = Executors.newSingleThreadExecutor();
        EventLoopGroup loop = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            CometQlServer cometQl = new CometQlServer(CometQlWiring.cometQlConfig(fixture.config), backends,
                    LoginThrottle.NONE, executor, executor);
            Channel listening = new ServerBootstrap().group(loop).channel(NioServerSocketChannel.class)
                    .childHandler(cometQl.channelInitializer()).bind("127.0.0.1", 0).sync().channel();
            int port = ((InetSocketAddress) listening.localAddress()).getPort();
            try (Connection connection = DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + port
                    + "/CometQL_v1?sslMode=DISABLED", "root", "secret"); Statement sql = connection.createStatement()) {
                SQLException refused = assertThrows(SQLException.class, () -> sql.execute(
                        "INSERT INTO pipes_messages (name, event, message) VALUES ('chan', 'ev', 'lost')"));
                assertEquals(1105, refused.getErrorCode());
                assertTrue(refused.getMessage().contains("the cluster broker is unavailable: redis is down"),
                        refused.getMessage());
                sql.execute("SELECT 1 FROM pipes_settings WHERE name = 'chan'"); // the connection goes on
            }
            listening.close().sync();
        } finally {
            loop.shutdownGracefully().sync();
            executor.shutdownNow();
        }
    }

    /** A broker whose every publishing and history call ends as {@code answer}. */
    private static final class FailingBroker implements Broker {
        private final CompletableFuture<?> answer;

        FailingBroker(CompletableFuture<?> answer) {
            this.answer = answer;
        }

        @SuppressWarnings("unchecked")
        private <T> CompletableFuture<T> answer() {
            return (CompletableFuture<T>) answer;
        }

        @Override
        public void start(BrokerHandler handler) {
        }

        @Override
        public CompletableFuture<Published> publish(int devId, Publication publication, int keep) {
            return answer();
        }

        @Override
        public CompletableFuture<Integer> publishFrame(int devId, String channel, EncodedFrame frame) {
            return answer();
        }

        @Override
        public CompletableFuture<Integer> publishToUser(int devId, UserMessage message) {
            return answer();
        }

        @Override
        public CompletableFuture<Void> publishControl(Control control) {
            return answer();
        }

        @Override
        public CompletableFuture<Void> publishControl(String toNode, Control control) {
            return answer();
        }

        @Override
        public CompletableFuture<Void> subscribe(int devId, String channel) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Void> unsubscribe(int devId, String channel) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Void> subscribeUser(int devId, long userId) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Void> unsubscribeUser(int devId, long userId) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<HistoryPage> history(int devId, String channel, StreamPosition since, int limit) {
            return answer();
        }

        @Override
        public CompletableFuture<List<Publication>> history(int devId, Collection<String> channels, int limit) {
            return answer();
        }

        @Override
        public CompletableFuture<List<Publication>> allHistory(int devId, int limit) {
            return answer();
        }

        @Override
        public CompletableFuture<Integer> removeHistory(int devId, Collection<String> channels) {
            return answer();
        }

        @Override
        public CompletableFuture<Integer> removePublications(int devId, Collection<String> ids) {
            return answer();
        }

        @Override
        public boolean available() {
            return false;
        }

        @Override
        public void close() {
        }
    }
}
