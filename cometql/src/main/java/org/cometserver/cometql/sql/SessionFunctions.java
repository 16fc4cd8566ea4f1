package org.cometserver.cometql.sql;

import java.util.Locale;

/**
 * The one place the session functions a table-free SELECT may call are evaluated: {@code DATABASE()},
 * {@code SCHEMA()}, {@code VERSION()}, {@code CONNECTION_ID()}, {@code USER()}, {@code CURRENT_USER()},
 * {@code SESSION_USER()}, {@code SYSTEM_USER()}. Calcite knows none of them with these meanings.
 */
final class SessionFunctions {
    private SessionFunctions() {
    }

    /** Whether {@code name()} (no arguments) is a session function. */
    static boolean known(String name) {
        return switch (name.toUpperCase(Locale.ROOT)) {
            case "DATABASE", "SCHEMA", "VERSION", "CONNECTION_ID", "USER", "CURRENT_USER", "SESSION_USER",
                 "SYSTEM_USER" -> true;
            default -> false;
        };
    }

    /** The value of {@code name()} for {@code session}; null where MySQL answers NULL (no database selected). */
    static String value(String name, SqlSession session) {
        return switch (name.toUpperCase(Locale.ROOT)) {
            case "DATABASE", "SCHEMA" -> session.database();
            // CppComet: the version is its system string, as SELECT @@version answers
            case "VERSION" -> SystemVariables.CPPCOMET_SYSTEM_STRING;
            case "CONNECTION_ID" -> Long.toString(session.connectionId());
            case "USER", "CURRENT_USER", "SESSION_USER", "SYSTEM_USER" -> session.user() + "@%";
            default -> throw new IllegalArgumentException("not a session function: " + name);
        };
    }
}
