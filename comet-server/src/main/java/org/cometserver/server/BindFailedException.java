package org.cometserver.server;

import java.nio.channels.UnresolvedAddressException;

/** A listener could not bind its port; the message is one line naming section and address. */
public final class BindFailedException extends RuntimeException {
    private static final String IN_USE = "Address already in use";

    BindFailedException(String section, String address, Throwable cause) {
        super("cannot bind [" + section + "] " + address + ": " + reason(cause), cause);
    }

    /**
     * NIO says "Address already in use", native epoll "bind(..) failed with error(-98): Address already in use"; an
     * ip that is neither an address nor a known host name fails with an {@link UnresolvedAddressException}, which
     * has no message at all.
     */
    private static String reason(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            String message = t.getMessage();
            if (message != null && message.contains(IN_USE)) {
                return IN_USE;
            }
            if (t instanceof UnresolvedAddressException) {
                return "invalid address";
            }
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }
}
