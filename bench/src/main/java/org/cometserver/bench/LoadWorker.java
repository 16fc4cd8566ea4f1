package org.cometserver.bench;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Drives one persistent connection: sends a round of {@code depth} queries (1 = plain request/response), reads and
 * checks every answer, then sends the next round at once. Counts only rounds started while the phase is MEASURE.
 */
final class LoadWorker implements Runnable {
    private final MysqlClientConnection connection;
    private final byte[] round;
    private final int depth;
    private final int sampleEvery;
    private final AtomicReference<RunPhase> phase;
    private final LatencySamples latencies = new LatencySamples();
    private long measuredQueries;
    private long errors;
    private String firstError;
    private IOException failure;

    LoadWorker(MysqlClientConnection connection, String sql, int depth, int sampleEvery,
               AtomicReference<RunPhase> phase) {
        this.connection = connection;
        this.round = MysqlClientConnection.comQueryPackets(sql, depth);
        this.depth = depth;
        this.sampleEvery = sampleEvery;
        this.phase = phase;
    }

    @Override
    public void run() {
        long rounds = 0;
        try {
            RunPhase current;
            while ((current = phase.get()) != RunPhase.STOP) {
                boolean measuring = current == RunPhase.MEASURE;
                boolean sampled = measuring && rounds++ % sampleEvery == 0;
                long start = sampled ? System.nanoTime() : 0;
                connection.send(round);
                for (int i = 0; i < depth; i++) {
                    if (connection.readAnswer() == MysqlClientConnection.Answer.ERR) {
                        recordError(connection.lastError());
                    }
                }
                if (sampled) {
                    latencies.add(System.nanoTime() - start);
                }
                if (measuring) {
                    measuredQueries += depth;
                }
            }
        } catch (IOException e) {
            failure = e;
        }
    }

    private void recordError(String text) {
        if (errors++ == 0) {
            firstError = text;
        }
    }

    MysqlClientConnection connection() {
        return connection;
    }

    LatencySamples latencies() {
        return latencies;
    }

    long measuredQueries() {
        return measuredQueries;
    }

    /** ERR answers in any phase: each one fails the run. */
    long errors() {
        return errors;
    }

    String firstError() {
        return firstError;
    }

    /** The I/O error that ended this worker early, or null. */
    IOException failure() {
        return failure;
    }
}
