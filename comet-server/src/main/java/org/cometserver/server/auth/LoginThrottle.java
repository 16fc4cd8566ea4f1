package org.cometserver.server.auth;

import java.net.InetAddress;
import java.time.Duration;

/**
 * Password-guessing protection of the browser and HTTP listeners (the server's side of CometQL's
 * {@code LoginThrottle}, so the transports need nothing of CometQL): every login outcome by source address, and
 * whether an address is blocked. {@link LoginFailures} is both, shared by every listener. Never blocks the caller.
 */
public interface LoginThrottle {
    /** Nothing is ever blocked (tests, warm-up). */
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
     * @param listener which listener saw it, for the log ({@code ws}, {@code http})
     * @param login    the user name or user id tried, for the log
     */
    void failed(InetAddress address, String listener, String login);

    /** A login from {@code address} succeeded: its failure count starts again from zero. */
    void succeeded(InetAddress address);
}
