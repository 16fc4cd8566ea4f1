package org.cometserver.server;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.StringJoiner;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * {@code [statistics] to_log}: one INFO line of load figures per {@code [statistics] interval} (CppComet printed its
 * load measurements to its log). The figures are those of {@code SHOW GLOBAL STATUS} plus each listener's open
 * connections and the statements waiting for an executor thread, so the log and the SQL view never disagree.
 */
final class LoadLog implements Runnable {
    /** Its own logger, so the lines can be routed to a file of their own in logback. */
    private static final Logger log = LoggerFactory.getLogger("org.cometserver.statistics");

    private final Map<String, IntSupplier> listeners;
    private final Supplier<Map<String, String>> globalStatus;
    private final Map<String, IntSupplier> queues;

    /**
     * @param listeners    open connections of each listener, by section name
     * @param globalStatus {@code SHOW GLOBAL STATUS}
     * @param queues       tasks waiting for each executor, by thread-name prefix
     */
    LoadLog(Map<String, IntSupplier> listeners, Supplier<Map<String, String>> globalStatus,
            Map<String, IntSupplier> queues) {
        this.listeners = listeners;
        this.globalStatus = globalStatus;
        this.queues = queues;
    }

    @Override
    public void run() {
        try {
            log.info(line());
        } catch (RuntimeException e) {
            // a scheduled task that throws is never run again
            log.warn("load figures not available: {}", e.toString());
        }
    }

    String line() {
        Map<String, String> status = globalStatus.get();
        StringJoiner line = new StringJoiner(", ", "load: ", "");
        listeners.forEach((section, open) -> line.add("[" + section + "] " + open.getAsInt() + " connections"));
        line.add("browsers online " + status.get("frontend_online"));
        line.add("browser connects " + status.get("frontend_add_client") + ", disconnects "
                + status.get("frontend_delete_client"));
        line.add("messages published " + status.get("frontend_messages"));
        queues.forEach((executor, waiting) -> line.add(executor + " queue " + waiting.getAsInt()));
        return line.toString();
    }
}
