package org.cometserver.esl.transcript;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.cometserver.esl.codec.EslEventParser;
import org.cometserver.esl.codec.EslFrameDecoder;
import org.cometserver.esl.codec.EslMessage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A bare event-socket client for replaying recorded client bytes: writes exactly the bytes given and splits what comes
 * back into replies (read in order with {@link #nextReply}) and events (collected). Like the capture script, it uses no
 * ESL library logic beyond framing.
 */
final class RawEslClient implements AutoCloseable {

    private final Socket socket;
    private final BlockingQueue<EslMessage> replies = new LinkedBlockingQueue<>();
    private final List<EslMessage> events = new ArrayList<>();
    private final Thread reader;
    private final OutputStream out;
    private volatile RuntimeException readerFailure;
    private volatile String closedBy;

    RawEslClient(String host, int port) throws IOException {
        socket = new Socket(host, port);
        socket.setTcpNoDelay(true);
        out = socket.getOutputStream();
        reader = new Thread(this::readLoop, "raw-esl-reader");
        reader.setDaemon(true);
        reader.start();
    }

    private void readLoop() {
        EmbeddedChannel decoder = new EmbeddedChannel(new EslFrameDecoder());
        byte[] buf = new byte[8192];
        // Not try-with-resources: closing the input stream closes the socket, and after "exit" that would race with the
        // flush of the command that caused it.
        try {
            InputStream in = socket.getInputStream();
            int n;
            while ((n = in.read(buf)) > 0) {
                decoder.writeInbound(Unpooled.copiedBuffer(buf, 0, n));
                EslMessage m;
                while ((m = decoder.readInbound()) != null) {
                    received.add(m.contentType() + " " + m.replyText() + " " + m.bodyText().strip());
                    if (EslEventParser.isEvent(m)) {
                        synchronized (events) {
                            events.add(m);
                        }
                    } else {
                        replies.add(m);
                    }
                }
            }
            closedBy = "end of stream from the stand-in";
        } catch (IOException e) {
            // the server closed the socket (exit, bad auth) or we did
            closedBy = e.toString();
        } catch (RuntimeException e) {
            readerFailure = e;
        } finally {
            decoder.finishAndReleaseAll();
        }
    }

    private final List<String> received = new java.util.concurrent.CopyOnWriteArrayList<>();

    void send(String block) throws IOException {
        if (readerFailure != null) {
            throw new AssertionError("reading the stand-in's answers failed", readerFailure);
        }
        try {
            out.write(block.getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new AssertionError("cannot send " + block.strip() + " (" + closedBy + "); received so far: " + received, e);
        }
    }

    EslMessage nextReply(long timeoutMillis) throws InterruptedException {
        EslMessage m = replies.poll(timeoutMillis, TimeUnit.MILLISECONDS);
        if (m == null) {
            throw new AssertionError("no reply within " + timeoutMillis + " ms", readerFailure);
        }
        return m;
    }

    /** Replies still queued (a disconnect notice after the last reply). */
    List<EslMessage> remainingReplies(long waitMillis) throws InterruptedException {
        List<EslMessage> rest = new ArrayList<>();
        EslMessage m;
        while ((m = replies.poll(waitMillis, TimeUnit.MILLISECONDS)) != null) {
            rest.add(m);
        }
        return rest;
    }

    List<EslMessage> events() {
        synchronized (events) {
            return new ArrayList<>(events);
        }
    }

    void awaitClosed(long millis) throws InterruptedException {
        reader.join(millis);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
