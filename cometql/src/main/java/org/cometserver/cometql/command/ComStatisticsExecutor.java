package org.cometserver.cometql.command;

import org.cometserver.cometql.protocol.PacketPayload;
import org.cometserver.cometql.protocol.packet.StatisticsText;
import org.cometserver.cometql.session.ConnectionCounters;
import org.cometserver.cometql.session.MysqlSession;

import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** COM_STATISTICS ({@code mysqladmin status}): a one-line status string. CppComet answered EOF. */
public final class ComStatisticsExecutor implements CommandExecutor {
    public static final ComStatisticsExecutor INSTANCE = new ComStatisticsExecutor();

    private ComStatisticsExecutor() {
    }

    @Override
    public CompletionStage<Response> execute(MysqlSession session, PacketPayload payload) {
        ConnectionCounters counters = session.counters();
        long uptime = Math.max(1, counters.uptimeSeconds());
        String text = String.format(Locale.ROOT, "Uptime: %d  Threads: %d  Questions: %d  Queries per second avg: %.3f",
                uptime, counters.openConnections(), counters.questions(), (double) counters.questions() / uptime);
        return CompletableFuture.completedFuture(Response.of(new StatisticsText(text)));
    }
}
