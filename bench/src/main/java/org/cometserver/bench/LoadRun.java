package org.cometserver.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/** Runs one target: opens the connections, warms up, measures a fixed window, then stops and closes everything. */
final class LoadRun {
    /** How long workers get to finish their last round after STOP before their sockets are closed under them. */
    static final long STOP_GRACE_MILLIS = 10_000;

    private final BenchOptions options;
    private final long stopGraceMillis;
    private final com.sun.management.OperatingSystemMXBean clientOs =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    LoadRun(BenchOptions options) {
        this(options, STOP_GRACE_MILLIS);
    }

    LoadRun(BenchOptions options, long stopGraceMillis) {
        this.options = options;
        this.stopGraceMillis = stopGraceMillis;
    }

    TargetResult run(BenchTarget target) throws IOException, InterruptedException {
        AtomicReference<RunPhase> phase = new AtomicReference<>(RunPhase.WARM_UP);
        List<LoadWorker> workers = new ArrayList<>(options.connections());
        List<Thread> threads = new ArrayList<>(options.connections());
        try {
            for (int i = 0; i < options.connections(); i++) {
                MysqlClientConnection connection = MysqlClientConnection.open(target.host(), target.port(),
                        target.user(), target.password(), target.database());
                workers.add(new LoadWorker(connection, target.sql(), options.pipelineDepth(), options.sampleEvery(),
                        phase));
            }
            for (int i = 0; i < workers.size(); i++) {
                Thread thread = new Thread(workers.get(i), target.name() + "-load-" + i);
                thread.start();
                threads.add(thread);
            }
            ProcessCpu serverCpu = target.pid() > 0 ? new ProcessCpu(target.pid(), options.clockTicksPerSecond()) : null;
            TimeUnit.SECONDS.sleep(options.warmupSeconds());

            long serverCpuStart = serverCpu == null ? 0 : serverCpu.cpuNanos();
            long clientCpuStart = clientOs.getProcessCpuTime();
            long start = System.nanoTime();
            phase.set(RunPhase.MEASURE);
            TimeUnit.SECONDS.sleep(options.durationSeconds());
            phase.set(RunPhase.STOP);
            long elapsed = System.nanoTime() - start;
            long clientCpu = clientOs.getProcessCpuTime() - clientCpuStart;
            long serverCpuUsed = serverCpu == null ? -1 : serverCpu.cpuNanos() - serverCpuStart;

            stopAll(threads, workers);
            return summarise(target, workers, elapsed, serverCpuUsed, clientCpu);
        } finally {
            phase.set(RunPhase.STOP); // also on an early exit, so no worker outlives the run
            stopAll(threads, workers);
            for (LoadWorker worker : workers) {
                worker.connection().close();
            }
        }
    }

    /** Waits for the workers (the phase is already STOP); a worker stuck on a silent server loses its socket. */
    private void stopAll(List<Thread> threads, List<LoadWorker> workers)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(stopGraceMillis);
        for (int i = 0; i < threads.size(); i++) {
            Thread thread = threads.get(i);
            thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            if (thread.isAlive()) {
                workers.get(i).connection().abort();
                thread.join();
            }
        }
    }

    private TargetResult summarise(BenchTarget target, List<LoadWorker> workers, long elapsedNanos,
                                   long serverCpuNanos, long clientCpuNanos) {
        long queries = 0;
        long errors = 0;
        long ioFailures = 0;
        String problem = null;
        List<LatencySamples> samples = new ArrayList<>(workers.size());
        for (LoadWorker worker : workers) {
            queries += worker.measuredQueries();
            errors += worker.errors();
            samples.add(worker.latencies());
            if (problem == null && worker.firstError() != null) {
                problem = worker.firstError();
            }
            if (worker.failure() != null) {
                ioFailures++;
                if (problem == null) {
                    problem = "connection failed: " + worker.failure();
                }
            }
        }
        long[] sorted = LatencySamples.sortedUnion(samples);
        return new TargetResult(target.name(), workers.size(), options.pipelineDepth(), queries, elapsedNanos / 1e9,
                LatencySamples.percentile(sorted, 0.50), LatencySamples.percentile(sorted, 0.99), serverCpuNanos,
                clientCpuNanos, errors, ioFailures, problem);
    }
}
