package org.cometserver.server.auth;

import java.time.Clock;
import java.time.Duration;

/**
 * Password-guessing protection of every listener: CometQL's {@code LoginThrottle} under the server's name, so the
 * browser and HTTP transports import nothing of CometQL. {@link LoginFailures} implements it, shared by every listener.
 */
public interface LoginThrottle extends org.cometserver.cometql.spi.LoginThrottle {
    /** Nothing is ever blocked (tests, warm-up); failures are still logged. */
    LoginThrottle NONE = new LoginFailures(0, Duration.ZERO, Duration.ZERO, Clock.systemUTC());
}
