package org.cometserver.server.broker;

import java.util.List;

/** A command every node carries out on its own connections and caches. */
public sealed interface Control {
    int devId();

    /** Close every connection of the user ({@code DELETE FROM users_auth}, a revoked token). */
    record DisconnectUser(int devId, long userId, int code, String reason) implements Control {
    }

    /** {@code pipes_settings} of these channels changed: drop what is cached of them. */
    record PipeSettingsChanged(int devId, List<String> channels) implements Control {
    }
}
