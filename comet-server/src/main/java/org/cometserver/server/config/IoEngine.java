package org.cometserver.server.config;

import java.util.Locale;

/**
 * The Netty transport a listener runs on ({@code io} in {@code [cometql]}, {@code [ws]}, {@code [freeswitch]}). An
 * engine the kernel does not offer falls back to the next one: io_uring → epoll → nio.
 */
public enum IoEngine {
    IO_URING, EPOLL, NIO;

    static IoEngine parse(String value, IniSection section, String key) {
        try {
            return valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw section.invalid(key, "'" + value + "' (expected io_uring, epoll or nio)");
        }
    }

    /** As written in {@code comet.ini} and logs. */
    public String iniName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
