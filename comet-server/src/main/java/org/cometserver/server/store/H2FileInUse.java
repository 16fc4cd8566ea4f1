package org.cometserver.server.store;

import java.sql.SQLException;

/**
 * Recognises H2 refusing a database file that another process holds open (its file lock): then no retry can help,
 * and a minute of retries would only hide the reason.
 */
final class H2FileInUse {
    /** H2's {@code ErrorCode.DATABASE_ALREADY_OPEN_1}: "Database may be already in use". */
    private static final int DATABASE_ALREADY_OPEN = 90020;

    private H2FileInUse() {
    }

    /** Whether {@code failure} (a pool start failure) comes from the file lock. */
    static boolean causes(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getErrorCode() == DATABASE_ALREADY_OPEN) {
                return true;
            }
        }
        return false;
    }
}
