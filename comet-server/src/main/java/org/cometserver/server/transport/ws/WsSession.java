package org.cometserver.server.transport.ws;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundInvoker;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameEncoder;
import org.cometserver.server.calls.SignalRate;
import org.cometserver.server.config.CallsSection;
import org.cometserver.server.hub.DeliveryGroup;
import org.cometserver.server.hub.Disconnect;
import org.cometserver.server.hub.EncodedFrame;
import org.cometserver.server.hub.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One browser WebSocket connection as the hub sees it. {@link #write} may be called from any thread (it continues on
 * the event loop): the frame's bytes are wrapped (never copied or re-serialised), written without a promise, and
 * flushed by one task per batch. The outbound side is bounded: once Netty reports the channel unwritable and, after a
 * flush, more than {@code [ws] outbound_queue_bytes} still wait, the connection is closed as {@link Disconnect#SLOW}.
 */
public final class WsSession implements Transport {
    private static final Logger log = LoggerFactory.getLogger(WsSession.class);
    /** Connections closed as {@link Disconnect#SLOW}, for {@code /metrics}: per process, like the metrics. */
    private static final LongAdder SLOW_CLOSES = new LongAdder();
    /** A field updater rather than an AtomicReference per connection (issue #13: 16 bytes on every idle one). */
    private static final AtomicReferenceFieldUpdater<WsSession, Disconnect> CLOSED_WITH =
            AtomicReferenceFieldUpdater.newUpdater(WsSession.class, Disconnect.class, "closedWith");

    private final Channel channel;
    private final WsServices services;
    private final WsUrl url;
    private final long userId;
    private final String hash;
    private final String userAgent;
    private final String origin;
    private final String language;
    /** Read and written on the event loop only. */
    private boolean flushScheduled;
    /** Why the connection is closing, set once from any thread ({@link #CLOSED_WITH}); null while open. */
    private volatile Disconnect closedWith;
    private final Runnable flush = this::flushNow;
    private final EventLoopDelivery deliveryGroup;
    /** Created at the first replay of the user's offline queue (most connections have none). */
    private QueueReceipts queue;
    /** {@code call_signal}'s rate limit, created at the first signal (most connections never call). */
    private SignalRate signalRate;

    WsSession(Channel channel, WsServices services, WsUrl url, boolean authorized, String hash, ClientHeaders headers) {
        this.channel = channel;
        this.services = services;
        this.url = url;
        this.userId = authorized ? url.userId() : 0;
        this.hash = hash;
        this.userAgent = headers.userAgent();
        this.origin = headers.origin();
        this.language = headers.language();
        this.deliveryGroup = EventLoopDelivery.of(channel.eventLoop());
    }

    /** What the handshake request said about the client, for {@code users_in_pipes}. */
    record ClientHeaders(String userAgent, String origin, String language) {
    }

    @Override
    public DeliveryGroup deliveryGroup() {
        return deliveryGroup;
    }

    @Override
    public boolean write(EncodedFrame frame) {
        if (!channel.eventLoop().inEventLoop()) {
            // judged and written on the loop, where the backlog can be flushed before the client is called slow
            if (isClosing()) {
                WsDeliveries.dropped();
                return false;
            }
            try {
                channel.eventLoop().execute(() -> write(frame));
                return true;
            } catch (RejectedExecutionException shuttingDown) {
                WsDeliveries.dropped();
                return false;
            }
        }
        EncodedFrame out = adapt(frame);
        if (!admits(out.length())) {
            WsDeliveries.dropped();
            return false;
        }
        WsDeliveries.delivered(1);
        channel.write(textFrame(out), channel.voidPromise());
        if (!flushScheduled) {
            flushScheduled = true;
            channel.eventLoop().execute(flush);
        }
        return true;
    }

    /**
     * On the event loop, for {@link EventLoopDelivery}: writes {@code wire}, the frame already encoded as a WebSocket
     * frame and shared by every member, without flushing. Returns true when a flush is owed by the caller (and the
     * caller counts the frame as delivered; a refusal, or a legacy session's own {@link #write}, counts itself).
     */
    boolean writeShared(EncodedFrame frame, ByteBuf wire) {
        if (url.majorVersion() < LegacyFrames.FIRST_CURRENT_MAJOR) {
            write(frame); // converted for this session alone; write() schedules its own flush
            return false;
        }
        if (!admits(wire.readableBytes())) {
            WsDeliveries.dropped();
            return false;
        }
        frameBytesOutbound().write(wire.retainedDuplicate(), channel.voidPromise());
        return true;
    }

    void flushShared() {
        frameBytesOutbound().flush();
    }

    /**
     * Where an encoded frame's bytes enter the pipeline: below Netty's WebSocket frame encoder, which sits first after
     * the upgrade, so a shared frame skips the walk through the handlers above it that would only pass a
     * {@link ByteBuf} on (issue #13: per-delivery CPU of a fan-out at ordinary rates); the channel itself when
     * anything else is first (a handler that must see the bytes, such as TLS, is then not skipped).
     */
    private ChannelOutboundInvoker frameBytesOutbound() {
        ChannelHandlerContext first = channel.pipeline().firstContext();
        return first != null && first.handler() instanceof WebSocketFrameEncoder ? first : channel;
    }

    /**
     * On the event loop: whether a frame of {@code length} bytes may be queued; closes the connection as slow when the
     * bytes its socket does not take exceed {@code [ws] outbound_queue_bytes}.
     */
    private boolean admits(int length) {
        if (closedWith != null) {
            return false;
        }
        ChannelOutboundBuffer outbound = channel.unsafe().outboundBuffer();
        if (outbound == null) {
            return false;
        }
        long limit = services.ws().outboundQueueBytes();
        if (channel.isWritable() || outbound.totalPendingWriteBytes() + length <= limit) {
            return true;
        }
        // Bytes not flushed yet are this server's backlog (a burst queued faster than the loop's flush pass), not the
        // client's: flush, then judge the client by what its socket left.
        channel.flush();
        if (outbound.totalPendingWriteBytes() + length <= limit) {
            return true;
        }
        close(Disconnect.SLOW);
        return false;
    }

    /** Connections of this process closed as slow consumers so far. */
    public static long slowCloses() {
        return SLOW_CLOSES.sum();
    }

    /** Writes and flushes now, on the event loop, with a future (greeting, queue replay, closing errors). */
    ChannelFuture writeAndFlush(EncodedFrame frame) {
        return channel.writeAndFlush(textFrame(adapt(frame)));
    }

    /** Replays queued private messages (on the event loop); they stay queued until the client has them. */
    void replayQueue(List<ReplayedMessage> messages) {
        if (messages.isEmpty()) {
            return;
        }
        if (queue == null) {
            queue = new QueueReceipts(this);
        }
        queue.replay(messages);
    }

    /**
     * The user's queue gained a message that this connection's login may have missed (written on another node, or
     * while it registered): replays what came after the last one replayed here, on the event loop.
     */
    @Override
    public void queueChanged() {
        channel.eventLoop().execute(() -> {
            long after = replayedUpTo();
            offLoop(() -> ReplayedMessage.of(services.store().messageQueue().since(devId(), userId(), after,
                    services.now())), messages -> {
                long upTo = replayedUpTo(); // another replay may have run meanwhile: never send a message twice
                replayQueue(messages.stream().filter(m -> m.seq() > upTo).toList());
            });
        });
    }

    private long replayedUpTo() {
        return queue == null ? 0 : queue.replayedUpTo();
    }

    /** The client's {@code queue_ack}: it has the replayed messages up to {@code queueId}. */
    public void queueAcknowledged(long queueId) {
        if (queue != null) {
            queue.acknowledged(queueId);
        }
    }

    /**
     * On the event loop: whether another {@code call_signal} is within {@code [calls] signals_per_second} and
     * {@code signal_burst}.
     */
    public boolean takeSignal(CallsSection limits) {
        long now = System.nanoTime();
        if (signalRate == null) {
            signalRate = new SignalRate(limits.signalsPerSecond(), limits.signalBurst(), now);
        }
        return signalRate.tryTake(now);
    }

    /** A pong frame from the client (on the event loop). */
    void pongReceived(ByteBuf content) {
        if (queue != null) {
            queue.pong(content);
        }
    }

    /** Sends the frame, then closes: CppComet's way of ending a connection with an error (§3.1). */
    public void writeAndClose(EncodedFrame error, Disconnect reason) {
        if (CLOSED_WITH.compareAndSet(this, null, reason)) {
            writeAndFlush(error);
            sendCloseFrame(reason);
        }
    }

    @Override
    public void close(Disconnect reason) {
        if (!CLOSED_WITH.compareAndSet(this, null, reason)) {
            return;
        }
        log.debug("closing {} (user {}, dev {}): {}", channel, userId, url.devId(), reason.reason());
        if (reason == Disconnect.SLOW) {
            SLOW_CLOSES.increment();
            // a close frame would wait behind the bytes the client does not read
            channel.close();
        } else {
            sendCloseFrame(reason);
        }
    }

    /**
     * Runs {@code task} on the store executor and hands its result to {@code then} on this connection's event loop,
     * unless the connection closed meanwhile. A full executor is answered with an error frame.
     */
    public <T> void offLoop(Supplier<T> task, Consumer<T> then) {
        try {
            services.storeExecutor().execute(() -> {
                T result;
                try {
                    result = task.get();
                } catch (RuntimeException e) {
                    log.warn("store call of {} failed: {}", channel, e.toString());
                    channel.eventLoop().execute(() -> write(WsFrames.error("Internal error", services.now())));
                    return;
                }
                channel.eventLoop().execute(() -> {
                    if (channel.isActive()) {
                        then.accept(result);
                    }
                });
            });
        } catch (RejectedExecutionException e) {
            write(WsFrames.error("Server is busy, try again later", services.now()));
        }
    }

    /**
     * Hands {@code answer}'s result to {@code then} on this connection's event loop (see {@link #onLoop}); a failed
     * answer is an error frame.
     */
    public <T> void whenDone(CompletableFuture<T> answer, Consumer<T> then) {
        onLoop(answer, then, failure -> {
            log.warn("asynchronous answer to {} failed: {}", channel, failure.toString());
            write(WsFrames.error("Internal error", services.now()));
        });
    }

    /**
     * Hands the future's value to {@code then} on this connection's event loop (at once when it is already done and
     * this is the loop), unless the connection closed meanwhile; a failure goes to {@code failed} there. Never blocks.
     */
    public <T> void onLoop(CompletableFuture<T> future, Consumer<T> then, Consumer<Throwable> failed) {
        if (future.isDone() && channel.eventLoop().inEventLoop()) {
            complete(future, then, failed);
            return;
        }
        future.whenComplete((result, failure) -> channel.eventLoop().execute(() -> complete(future, then, failed)));
    }

    private <T> void complete(CompletableFuture<T> future, Consumer<T> then, Consumer<Throwable> failed) {
        if (!channel.isActive()) {
            return;
        }
        T result;
        try {
            result = future.join();
        } catch (CompletionException | CancellationException e) {
            failed.accept(e.getCause() != null ? e.getCause() : e);
            return;
        }
        then.accept(result);
    }

    private void sendCloseFrame(Disconnect reason) {
        channel.writeAndFlush(new CloseWebSocketFrame(reason.code(), reason.reason()))
                .addListener(ChannelFutureListener.CLOSE);
    }

    private void flushNow() {
        flushScheduled = false;
        channel.flush();
    }

    private EncodedFrame adapt(EncodedFrame frame) {
        return url.majorVersion() < LegacyFrames.FIRST_CURRENT_MAJOR ? LegacyFrames.convert(frame) : frame;
    }

    private static TextWebSocketFrame textFrame(EncodedFrame frame) {
        return new TextWebSocketFrame(Unpooled.wrappedBuffer(frame.utf8()));
    }

    public WsServices services() {
        return services;
    }

    public int devId() {
        return url.devId();
    }

    public boolean authorized() {
        return userId > 0;
    }

    /** The user's {@code users_auth} hash (≤ 32 chars) when authorised, else empty. */
    String hash() {
        return hash;
    }

    Channel channel() {
        return channel;
    }

    boolean isClosing() {
        return closedWith != null;
    }

    /** The Netty channel's id, unique on this node. */
    @Override
    public String connectionId() {
        return channel.id().asLongText();
    }

    @Override
    public long userId() {
        return userId;
    }

    @Override
    public String uuid() {
        return url.uuid();
    }

    @Override
    public String ip() {
        // from the channel when asked (users_in_pipes, presence): a string kept per idle connection cost 56 bytes
        return ((InetSocketAddress) channel.remoteAddress()).getAddress().getHostAddress();
    }

    @Override
    public String userAgent() {
        return userAgent;
    }

    @Override
    public String origin() {
        return origin;
    }

    @Override
    public String language() {
        return language;
    }

    @Override
    public String toString() {
        return "WsSession[" + channel.id().asShortText() + " user " + userId + " dev " + url.devId() + "]";
    }
}
