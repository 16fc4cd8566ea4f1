package org.cometserver.server.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.cometserver.xmlcurl.spi.DirectoryRequests;
import org.cometserver.xmlcurl.spi.DirectoryResult;

/**
 * {@code comet.freeswitch.directory.requests}: mod_xml_curl requests by {@link DirectoryResult}, every result
 * registered up front (a series at 0 until it happens); an answer costs an array read and a lock-free add.
 */
final class DirectoryCounters implements DirectoryRequests {
    private final Counter[] counters = new Counter[DirectoryResult.values().length];

    DirectoryCounters(MeterRegistry registry) {
        for (DirectoryResult result : DirectoryResult.values()) {
            counters[result.ordinal()] = Counter.builder("comet.freeswitch.directory.requests")
                    .description("FreeSWITCH directory (mod_xml_curl) requests answered")
                    .tag("result", result.tag()).register(registry);
        }
    }

    @Override
    public void answered(DirectoryResult result) {
        counters[result.ordinal()].increment();
    }
}
