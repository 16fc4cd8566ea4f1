package org.cometserver.cometql.spi;

import java.net.InetAddress;
import java.time.Duration;

/**
 * Password-guessing protection the MySQL front end needs (MySQL's {@code max_connect_errors} idea, with expiry): it
 * reports every login outcome by source address and asks, before checking a password, whether the address is
 * blocked. Implementations log failures themselves (rate-limited) and never block the caller.
 */
public interface LoginThrottle {
    /** Nothing is ever blocked (tests, embedded use). */
    LoginThrottle NONE = new LoginThrottle() {
        @Override
        public Duration blockedFor(InetAddress address) {
            return Duration.ZERO;
        }

        @Override
        public void failed(InetAddress address, String listener, String login) {
        }

        @Override
        public void succeeded(InetAddress address) {
        }
    };

    /** How long logins from {@code address} are still refused; {@link Duration#ZERO} when they are not. */
    Duration blockedFor(InetAddress address);

    /**
     * A login from {@code address} failed.
     *
     * @param listener which listener saw it, for the log ({@code cometql}, {@code ws})
     * @param login    the user name or user id tried, for the log
     */
    void failed(InetAddress address, String listener, String login);

    /** A login from {@code address} succeeded: its failure count starts again from zero. */
    void succeeded(InetAddress address);
}
