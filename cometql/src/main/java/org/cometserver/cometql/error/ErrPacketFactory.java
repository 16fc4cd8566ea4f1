package org.cometserver.cometql.error;

import org.cometserver.cometql.protocol.packet.ErrPacket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The single place that turns a failure into an ERR packet: a {@link CometQlException} keeps its code, SQLSTATE
 * and message (an expected client error, logged at debug); anything else is a bug, logged with its stack and
 * answered with error 500.
 */
public final class ErrPacketFactory {
    private static final Logger log = LoggerFactory.getLogger(ErrPacketFactory.class);

    private ErrPacketFactory() {
    }

    public static ErrPacket create(Throwable failure) {
        Throwable cause = unwrap(failure);
        CometQlException mapped = CometQlErrors.ofStatementFailure(cause);
        if (mapped != null) {
            log.info("CometQL error {}: {} ({})", mapped.code(), mapped.getMessage(), cause.toString());
            cause = mapped;
        }
        if (cause instanceof CometQlException e) {
            log.debug("CometQL error {}: {}", e.code(), e.getMessage());
            return new ErrPacket(e.code(), e.sqlState(), e.getMessage() == null ? "" : e.getMessage());
        }
        log.error("Internal error while answering a CometQL client", cause);
        CometQlException internal = CometQlErrors.internalError();
        return new ErrPacket(internal.code(), internal.sqlState(), internal.getMessage());
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
