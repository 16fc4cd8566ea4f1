package org.cometserver.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Counts the fan-out messages every subscriber receives and samples their publish → receive latency. A message's
 * {@code data} is {@code p<phase>t<System.nanoTime() at publish>}, written by the publisher in the same JVM; runs on
 * the {@link WsClientPool} loop thread (single writer), read by the publisher thread.
 */
final class FanoutReceiver implements WsClientPool.Listener {
    static final int PHASES = 4;
    /** The fixed-rate phase, whose samples are sized in advance. */
    static final int LATENCY_PHASE = 2;
    private static final byte[] DATA_KEY = "\"data\":\"p".getBytes(StandardCharsets.US_ASCII);

    private final int sampleEvery;
    private final long[] receipts = new long[PHASES];
    private final LatencySamples[] samples = new LatencySamples[PHASES];
    private final boolean[] reached;
    private volatile long totalReceipts;
    private volatile int subscribersReached;
    private long unparsed;

    FanoutReceiver(int subscribers, int sampleEvery) {
        this(subscribers, sampleEvery, 4096);
    }

    /** @param expectedSamples samples of one phase, allocated up front (the receiver allocates nothing per message) */
    FanoutReceiver(int subscribers, int sampleEvery, int expectedSamples) {
        this.sampleEvery = sampleEvery;
        this.reached = new boolean[subscribers];
        for (int i = 0; i < PHASES; i++) {
            samples[i] = new LatencySamples(i == LATENCY_PHASE ? expectedSamples : 4096);
        }
    }

    static String message(int phase, long publishNanos) {
        return "p" + phase + "t" + publishNanos;
    }

    @Override
    public void onText(WsConnection connection, ByteBuffer frame, int payloadStart, int payloadLength) {
        long now = System.nanoTime();
        int at = indexOf(frame, payloadStart, payloadStart + payloadLength, DATA_KEY);
        if (at < 0) {
            unparsed++;
            return;
        }
        int end = payloadStart + payloadLength;
        int phase = frame.get(at) - '0';
        at += 2; // the phase digit and 't'
        long published = 0;
        for (byte b; at < end && (b = frame.get(at)) >= '0' && b <= '9'; at++) {
            published = published * 10 + (b - '0');
        }
        if (phase < 0 || phase >= PHASES) {
            unparsed++;
            return;
        }
        receipts[phase]++;
        if (connection.index % sampleEvery == 0) {
            samples[phase].add(now - published);
        }
        if (connection.index < reached.length && !reached[connection.index]) {
            reached[connection.index] = true;
            subscribersReached++;
        }
        totalReceipts++; // single writer: the loop thread
    }

    long totalReceipts() {
        return totalReceipts;
    }

    /** Subscribers that have received at least one message (all of them: every subscription is in place). */
    int subscribersReached() {
        return subscribersReached;
    }

    /**
     * Receipts of one phase's messages; read once the phase has drained. Reading the volatile counter first makes
     * the loop thread's plain writes before its last volatile write visible here.
     */
    long receipts(int phase) {
        long ordered = totalReceipts;
        return ordered == 0 ? 0 : receipts[phase];
    }

    /** One phase's latency samples; read once the phase has drained (see {@link #receipts}). */
    LatencySamples samples(int phase) {
        long ordered = totalReceipts;
        return ordered < 0 ? null : samples[phase];
    }

    /** Text frames after the greeting that were not fan-out messages. */
    long unparsed() {
        return unparsed;
    }

    static long[] sorted(LatencySamples samples) {
        return LatencySamples.sortedUnion(List.of(samples));
    }

    /** Index just past {@code key} in {@code buf[from, to)}, or -1. */
    private static int indexOf(ByteBuffer buf, int from, int to, byte[] key) {
        outer:
        for (int i = from; i + key.length <= to; i++) {
            for (int k = 0; k < key.length; k++) {
                if (buf.get(i + k) != key[k]) {
                    continue outer;
                }
            }
            return i + key.length;
        }
        return -1;
    }
}
