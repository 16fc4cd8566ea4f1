package org.cometserver.server.wiring;

import org.cometserver.cometql.CometQlConfig;
import org.cometserver.cometql.spi.CometQlBackends;
import org.cometserver.server.auth.JwtTokens;
import org.cometserver.server.config.CometConfig;
import org.cometserver.server.config.CometQlSection;
import org.cometserver.server.hub.Hub;
import org.cometserver.server.store.Store;

import java.time.Clock;
import java.time.Duration;
import java.util.function.IntSupplier;

/** Builds the CometQL module's config and its host services over this process's hub and store. */
public final class CometQlWiring {
    /** CppComet: {@code MAX_LOG_LENGTH}, the longest history a channel may keep (§2.5). */
    public static final int MAX_HISTORY_LENGTH = 1000;

    private CometQlWiring() {
    }

    public static CometQlConfig cometQlConfig(CometConfig config) {
        CometQlSection section = config.cometql();
        return new CometQlConfig(CometQlConfig.CPPCOMET_VERSION, section.maxPacketSize(), section.maxQueryLength(),
                section.planCacheSize(), section.maxResultRows(), MAX_HISTORY_LENGTH,
                Duration.ofSeconds(section.idleTimeoutSeconds()), config.main().useQueryLoger());
    }

    /**
     * The spi implementations. Blocks while the {@code pipes_settings} cache loads: call at start, off event loops.
     *
     * @param cometQlConnections open CometQL connections, for {@code SHOW STATUS}
     */
    public static CometQlBackends backends(CometConfig config, Hub hub, Store store, Clock clock,
                                           IntSupplier cometQlConnections) {
        MessageCounters counters = new MessageCounters();
        MessageSizeLimit messageSize = new MessageSizeLimit(config.main().maxMessageSize());
        PrivateMessages privateMessages = new PrivateMessages(hub, store.messageQueue(), clock,
                config.main().queueTtlSeconds(), counters);
        PipeSettingsCache settings = new PipeSettingsCache(store.pipeSettings().loadAll());
        return new CometQlBackends(
                new HubPipeBackend(hub, store, settings, clock, MAX_HISTORY_LENGTH, messageSize, counters),
                new HubUserBackend(hub, store, privateMessages, new JwtTokens(config.main().password(), clock), clock,
                        messageSize),
                new FreeswitchConferenceBackend(config.sip(), store.conferences(), privateMessages, clock),
                new HubServerStatus(hub, counters, cometQlConnections, config.cometql().listener().threadNum(),
                        clock),
                new IniAccounts(config.main()));
    }
}
