package org.cometserver.esl.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import org.cometserver.esl.EslCommandException;
import org.cometserver.esl.NodeDownException;
import org.cometserver.esl.codec.EslCodecException;
import org.cometserver.esl.codec.EslCommand;
import org.cometserver.esl.codec.EslCommandEncoder;
import org.cometserver.esl.codec.EslContentType;
import org.cometserver.esl.codec.EslEvent;
import org.cometserver.esl.codec.EslEventParser;
import org.cometserver.esl.codec.EslFrameDecoder;
import org.cometserver.esl.codec.EslHeaders;
import org.cometserver.esl.codec.EslMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * One inbound event-socket connection to FreeSWITCH: greeting, {@code auth}, then commands answered in order
 * ({@link PendingReplies}) and, if a listener is given, events. Everything that touches the pending queue runs on the
 * channel's event loop; events are handed to the listener on that loop, so the listener must be fast (the conference
 * registry is: it updates an in-memory map and posts notifications to an executor).
 * <p>
 * An event connection also closes itself when nothing arrives for {@link EslTransport#eventIdleTimeout()}: it is
 * subscribed to {@code HEARTBEAT}, so silence means the peer is gone without a FIN (power loss, cable, firewall).
 * <p>
 * When the socket closes for any reason, every waiting future fails with {@link NodeDownException} and
 * {@link #closeFuture()} completes with the reason.
 */
public final class EslConnection extends SimpleChannelInboundHandler<EslMessage> {

    private static final Logger log = LoggerFactory.getLogger(EslConnection.class);

    private final String node;
    private final String password;
    private final EslTransport transport;
    private final Consumer<EslEvent> events;
    private final BackgroundJobs jobs;
    private final PendingReplies pending = new PendingReplies();
    private final CompletableFuture<EslConnection> authenticated = new CompletableFuture<>();
    private final CompletableFuture<String> closed = new CompletableFuture<>();
    private volatile Channel channel;
    /** Why the connection ended, as far as we know before the socket closes (disconnect notice, codec error). */
    private volatile String closeReason;

    private EslConnection(String node, String password, EslTransport transport, Consumer<EslEvent> events, BackgroundJobs jobs) {
        this.node = node;
        this.password = password;
        this.transport = transport;
        this.events = events;
        this.jobs = jobs;
    }

    /**
     * Connects and authenticates. The future completes after {@code +OK accepted}, or fails with
     * {@link EslCommandException} ({@code -ERR invalid}), {@link NodeDownException} (refused, closed) or a timeout.
     *
     * @param events      receives every event, on the event loop; null for a command-only connection
     * @param jobs        completed from {@code BACKGROUND_JOB} events; null if this connection does not receive them
     * @param onConnected runs once the TCP connection is up (the node then reports AUTHENTICATING)
     */
    public static CompletableFuture<EslConnection> open(String node, String host, int port, String password,
                                                        EslTransport transport, Consumer<EslEvent> events,
                                                        BackgroundJobs jobs, Runnable onConnected) {
        EslConnection connection = new EslConnection(node, password, transport, events, jobs);
        Bootstrap bootstrap = new Bootstrap()
                .group(transport.group())
                .channel(transport.channelType())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) transport.connectTimeout().toMillis())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        if (events != null) {
                            long idle = transport.eventIdleTimeout().toMillis();
                            ch.pipeline().addLast("esl-idle", new IdleStateHandler(idle, 0, 0, TimeUnit.MILLISECONDS));
                        }
                        ch.pipeline().addLast("esl-decoder", new EslFrameDecoder())
                                .addLast("esl-encoder", EslCommandEncoder.INSTANCE)
                                .addLast("esl-connection", connection);
                    }
                });
        ChannelFuture connect = bootstrap.connect(host, port);
        connection.channel = connect.channel();
        connect.addListener(f -> {
            if (!f.isSuccess()) {
                connection.authenticated.completeExceptionally(
                        new NodeDownException(node, "connect to " + host + ":" + port + " failed: " + f.cause().getMessage(), f.cause()));
                return;
            }
            if (onConnected != null) {
                onConnected.run();
            }
            var timeout = connect.channel().eventLoop().schedule(() -> {
                if (connection.authenticated.completeExceptionally(new TimeoutException(
                        "FreeSWITCH " + node + ": no auth/request and +OK accepted within " + transport.connectTimeout().toMillis() + " ms"))) {
                    connect.channel().close();
                }
            }, transport.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
            connection.authenticated.whenComplete((c, e) -> timeout.cancel(false));
        });
        return connection.authenticated;
    }

    public String node() {
        return node;
    }

    public boolean isActive() {
        Channel ch = channel;
        return ch != null && ch.isActive() && authenticated.isDone() && !authenticated.isCompletedExceptionally();
    }

    /** Completes (never exceptionally) with the reason once the socket is closed. */
    public CompletableFuture<String> closeFuture() {
        return closed;
    }

    public void close() {
        Channel ch = channel;
        if (ch != null) {
            ch.close();
        }
    }

    /** {@code api <command>}: the body of the {@code api/response}, as FreeSWITCH wrote it ({@code -ERR ...} included). */
    public CompletableFuture<String> api(String command) {
        return send(EslCommand.of("api " + command)).thenApply(reply -> {
            if (!EslContentType.API_RESPONSE.equals(reply.contentType())) {
                // Only before auth or with no command after "api" does FreeSWITCH answer an api with a command/reply.
                throw new EslCommandException(node, "api " + command, String.valueOf(reply.replyText()));
            }
            return reply.bodyText();
        });
    }

    /** A socket command ({@code event ...}, {@code nixevent ...}): its {@code Reply-Text}; fails if that is not {@code +OK...}. */
    public CompletableFuture<String> command(String command) {
        return send(EslCommand.of(command)).thenApply(reply -> {
            String text = String.valueOf(reply.replyText());
            if (!text.startsWith("+OK")) {
                throw new EslCommandException(node, command, text);
            }
            return text;
        });
    }

    /**
     * {@code bgapi <command>} with a {@code Job-UUID} chosen here, so the result can be matched even if its
     * {@code BACKGROUND_JOB} overtakes the {@code command/reply}. The future gets the job's body ({@code +OK <uuid>\n},
     * {@code -ERR NO_ROUTE_DESTINATION\n}, ...) unchanged.
     */
    public CompletableFuture<String> bgapi(String command, BackgroundJobs jobTable) {
        String jobUuid = UUID.randomUUID().toString();
        EslCommand bgapi = new EslCommand("bgapi " + command, EslHeaders.builder().add("Job-UUID", jobUuid).build());
        Channel ch = channel;
        CompletableFuture<String> result = jobTable.register(jobUuid, "bgapi " + command,
                transport.backgroundJobTimeout().toMillis(), ch.eventLoop());
        send(bgapi).whenComplete((reply, error) -> {
            if (error != null) {
                jobTable.fail(jobUuid, error);
            } else if (!String.valueOf(reply.replyText()).startsWith("+OK")) {
                jobTable.fail(jobUuid, new EslCommandException(node, "bgapi " + command, String.valueOf(reply.replyText())));
            }
        });
        return result;
    }

    /** Writes {@code command} and returns its reply frame; fails on timeout or when the connection closes first. */
    public CompletableFuture<EslMessage> send(EslCommand command) {
        CompletableFuture<EslMessage> reply = new CompletableFuture<>();
        Channel ch = channel;
        if (ch == null) {
            reply.completeExceptionally(new NodeDownException(node, "not connected"));
            return reply;
        }
        try {
            ch.eventLoop().execute(() -> enqueue(ch, command, reply));
        } catch (RejectedExecutionException e) {
            reply.completeExceptionally(new NodeDownException(node, "event loop shut down", e));
        }
        return reply;
    }

    private void enqueue(Channel ch, EslCommand command, CompletableFuture<EslMessage> reply) {
        if (!ch.isActive()) {
            reply.completeExceptionally(new NodeDownException(node, reasonOrDefault("connection closed")));
            return;
        }
        if (pending.isFull()) {
            reply.completeExceptionally(new NodeDownException(node, PendingReplies.MAX_PENDING + " commands waiting for a reply"));
            return;
        }
        long timeoutMillis = transport.commandTimeout().toMillis();
        var timeout = ch.eventLoop().schedule(() -> {
            reply.completeExceptionally(new TimeoutException(
                    "FreeSWITCH " + node + ": no reply to '" + command + "' within " + timeoutMillis + " ms"));
        }, timeoutMillis, TimeUnit.MILLISECONDS);
        pending.add(command, reply, timeout);
        ch.writeAndFlush(command).addListener(f -> {
            if (!f.isSuccess()) {
                // The queue no longer matches what FreeSWITCH received: only a new connection is safe.
                closeReason = "write failed: " + f.cause().getMessage();
                ch.close();
            }
        });
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        // Set here as well as after connect(): the greeting must never find it unset.
        channel = ctx.channel();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, EslMessage message) {
        String type = String.valueOf(message.contentType());
        switch (type) {
            case EslContentType.AUTH_REQUEST -> authenticate(ctx);
            case EslContentType.COMMAND_REPLY, EslContentType.API_RESPONSE -> {
                if (!pending.complete(message)) {
                    log.warn("FreeSWITCH {}: reply with no command waiting: {}", node, message);
                }
            }
            case EslContentType.EVENT_PLAIN, EslContentType.EVENT_JSON -> dispatchEvent(message);
            case EslContentType.DISCONNECT_NOTICE -> {
                closeReason = "disconnect notice: " + message.bodyText().trim().replace('\n', ' ');
                log.debug("FreeSWITCH {}: {}", node, closeReason);
            }
            case EslContentType.RUDE_REJECTION -> {
                closeReason = "rejected: " + message.bodyText().trim().replace('\n', ' ');
                ctx.close();
            }
            default -> log.debug("FreeSWITCH {}: ignored frame {}", node, message);
        }
    }

    private void authenticate(ChannelHandlerContext ctx) {
        send(EslCommand.of("auth " + password)).whenComplete((reply, error) -> {
            if (error != null) {
                authenticated.completeExceptionally(error);
            } else if (String.valueOf(reply.replyText()).startsWith("+OK")) {
                authenticated.complete(this);
            } else {
                closeReason = "auth refused: " + reply.replyText();
                authenticated.completeExceptionally(new EslCommandException(node, "auth", String.valueOf(reply.replyText())));
                ctx.close();
            }
        });
    }

    private void dispatchEvent(EslMessage message) {
        EslEvent event;
        try {
            event = EslEventParser.parse(message);
        } catch (EslCodecException e) {
            log.warn("FreeSWITCH {}: unreadable event skipped: {}", node, e.getMessage());
            return;
        }
        if (jobs != null && EslEvent.BACKGROUND_JOB.equals(event.name())) {
            jobs.complete(event.get("Job-UUID"), event.body());
        }
        if (events != null) {
            try {
                events.accept(event);
            } catch (RuntimeException e) {
                log.error("FreeSWITCH {}: event listener failed on {}", node, event.name(), e);
            }
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof IdleStateEvent) {
            closeReason = "nothing received for " + transport.eventIdleTimeout().toMillis() + " ms (HEARTBEAT expected)";
            log.warn("FreeSWITCH {}: {}", node, closeReason);
            ctx.close();
        } else {
            ctx.fireUserEventTriggered(event);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        String reason = reasonOrDefault("connection closed by FreeSWITCH");
        NodeDownException down = new NodeDownException(node, reason);
        pending.failAll(down);
        authenticated.completeExceptionally(down);
        closed.complete(reason);
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof EslCodecException) {
            closeReason = "bad frame: " + cause.getMessage();
            log.warn("FreeSWITCH {}: {}", node, closeReason);
        } else {
            closeReason = String.valueOf(cause.getMessage());
            log.debug("FreeSWITCH {}: connection error", node, cause);
        }
        ctx.close();
    }

    private String reasonOrDefault(String fallback) {
        String reason = closeReason;
        return reason == null ? fallback : reason;
    }
}
