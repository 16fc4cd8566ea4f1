package org.cometserver.cometql.session;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import org.cometserver.cometql.command.Response;
import org.cometserver.cometql.error.CometQlErrors;
import org.cometserver.cometql.error.CometQlException;
import org.cometserver.cometql.error.ErrPacketFactory;
import org.cometserver.cometql.protocol.MalformedPacket;
import org.cometserver.cometql.protocol.MysqlPacket;
import org.cometserver.cometql.protocol.MysqlPacketDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One CometQL connection: greeting, login, then commands. Commands run one at a time in arrival order: while one
 * is running, packets already decoded wait in a FIFO and auto-read is off, so further pipelined commands wait in
 * the socket. Responses are written and flushed once on the event loop, whichever thread completed the
 * statement; the next command starts after that. A failure ends in an ERR packet; during login, or for a broken
 * frame, the connection is then closed.
 */
public final class MysqlConnectionHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(MysqlConnectionHandler.class);

    private final MysqlSession session;
    private final LoginExchange login;
    private final ConnectionShutdown shutdown;
    private final ArrayDeque<Object> pending = new ArrayDeque<>();
    private ChannelHandlerContext ctx;
    private boolean busy;
    private boolean draining;
    /** A response was written inside the drain loop; flushed once when the loop ends (one write per read batch). */
    private boolean flushPending;
    private boolean closed;

    MysqlConnectionHandler(MysqlSession session, LoginExchange login, ConnectionShutdown shutdown) {
        this.session = session;
        this.login = login;
        this.shutdown = shutdown;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        shutdown.opened(this);
    }

    /** The server is shutting down: closes the connection now if idle, else once its statement answered. */
    void shutDown() {
        onEventLoop(() -> {
            if (!busy) {
                closeForShutdown();
            }
        });
    }

    private void closeForShutdown() {
        if (closed) {
            return;
        }
        closed = true;
        if (session.sqlSession() != null) {
            // MySQL sends the same unsolicited error to each connection it closes at shutdown; the client reads it
            // as the answer to its next command
            new ResponseWriter(ctx, 0).write(ErrPacketFactory.create(CometQlErrors.serverShutdown()));
        }
        ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        new ResponseWriter(ctx, 0).write(login.greeting());
        ctx.flush();
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (closed) {
            ReferenceCountUtil.release(msg);
            return;
        }
        pending.add(msg);
        drain();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        drain();
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closed = true;
        shutdown.closed(this);
        if (session.sqlSession() != null) {
            // frees the executor thread of a statement nobody will read the answer of
            session.engine().closed(session.sqlSession());
        }
        Object msg;
        while ((msg = pending.poll()) != null) {
            ReferenceCountUtil.release(msg);
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent && !busy) {
            log.debug("Closing idle CometQL connection {}", session.connectionId());
            closed = true;
            ctx.close();
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            log.debug("CometQL connection {}: {}", session.connectionId(), cause.toString());
        } else {
            log.error("CometQL connection {} failed", session.connectionId(), cause);
        }
        closed = true;
        ctx.close();
    }

    /** Starts queued commands while none is running and the client keeps up with our writes. */
    private void drain() {
        if (draining) {
            return;
        }
        draining = true;
        try {
            while (!busy && !closed && ctx.channel().isWritable()) {
                Object msg = pending.poll();
                if (msg == null) {
                    break;
                }
                start(msg);
            }
        } finally {
            draining = false;
        }
        if (flushPending) {
            flushPending = false;
            ctx.flush();
        }
        boolean waiting = !busy && !closed && ctx.channel().isWritable();
        ChannelConfig config = ctx.channel().config();
        if (!closed && config.isAutoRead() != waiting) {
            config.setAutoRead(waiting);
        }
    }

    private void start(Object msg) {
        busy = true;
        boolean loggingIn = session.sqlSession() == null;
        int requestSequenceId;
        boolean outOfOrder = false;
        CompletionStage<Response> stage;
        if (msg instanceof MalformedPacket malformed) {
            requestSequenceId = malformed.sequenceId();
            stage = CompletableFuture.failedFuture(malformed.cause());
        } else {
            MysqlPacket packet = (MysqlPacket) msg;
            requestSequenceId = packet.sequenceId();
            outOfOrder = !loggingIn && packet.firstSequenceId() != 0;
            try {
                if (!loggingIn && shutdown.shuttingDown()) {
                    throw CometQlErrors.serverShutdown();
                }
                if (outOfOrder) {
                    // Every command starts a new exchange at sequence id 0; anything else means a confused client.
                    throw new CometQlException(CometQlErrors.ER_NET_PACKETS_OUT_OF_ORDER, "08S01",
                            "Got packets out of order", null);
                }
                stage = loggingIn ? CompletableFuture.completedFuture(login.handle(packet))
                        : CommandDispatcher.dispatch(session, packet);
            } catch (Throwable failure) {
                stage = CompletableFuture.failedFuture(failure);
            } finally {
                packet.release();
            }
        }
        if (loggingIn && session.sqlSession() != null) {
            loggedIn();
        }
        boolean closeOnError = loggingIn || outOfOrder || msg instanceof MalformedPacket || shutdown.shuttingDown();
        int firstSequenceId = requestSequenceId + 1;
        if (stage instanceof CompletableFuture<Response> done && done.isDone() && !done.isCompletedExceptionally()) {
            // answered on this event loop already (login steps, inline publishes): no callback to allocate
            respond(done.join(), null, firstSequenceId, closeOnError);
            return;
        }
        stage.whenComplete((response, failure) -> onEventLoop(
                () -> respond(response, failure, firstSequenceId, closeOnError)));
    }

    /**
     * Lists the connection for {@code SHOW FULL PROCESSLIST}/{@code KILL}, lifts the pre-login packet cap and tells
     * the pipeline (a host's connection guard) the login succeeded.
     */
    private void loggedIn() {
        session.sqlSession().onDisconnect(() -> ctx.channel().close());
        session.engine().opened(session.sqlSession());
        MysqlPacketDecoder decoder = ctx.pipeline().get(MysqlPacketDecoder.class);
        if (decoder != null) {
            decoder.maxPacketSize(session.config().maxPacketSize());
        }
        // from the head, so that handlers in front of this one see it too
        ctx.pipeline().fireUserEventTriggered(LoginCompleted.INSTANCE);
    }

    private void respond(Response response, Throwable failure, int firstSequenceId, boolean closeOnError) {
        if (closed) {
            busy = false;
            return;
        }
        ResponseWriter out = new ResponseWriter(ctx, firstSequenceId);
        try {
            if (failure == null) {
                response.writeTo(out);
            } else {
                out.write(ErrPacketFactory.create(failure));
                if (closeOnError) {
                    out.closeConnection();
                }
            }
        } catch (Throwable writeFailure) {
            out.write(ErrPacketFactory.create(writeFailure));
        }
        if (out.closeRequested()) {
            closed = true;
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        } else if (out.written()) {
            if (draining) {
                flushPending = true;
            } else {
                ctx.flush();
            }
        }
        busy = false;
        if (shutdown.shuttingDown()) {
            closeForShutdown();
            return;
        }
        drain();
    }

    private void onEventLoop(Runnable task) {
        if (ctx.executor().inEventLoop()) {
            task.run();
        } else {
            ctx.executor().execute(task);
        }
    }
}
