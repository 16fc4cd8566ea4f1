package org.cometserver.server.e2e;

import java.util.List;

/**
 * What the mariadb CLI showed for one statement: a result (header, when the output format has one, and rows), an
 * OK with its affected-row count, or an error code with its message. In {@code --raw -N} output an OK and an empty
 * result look the same, so both are read as a result without rows.
 */
record CliOutcome(Kind kind, List<String> header, List<List<String>> rows, long affectedRows, int errorCode,
                  String errorMessage) {

    enum Kind { ROWS, OK, ERROR }

    static CliOutcome rows(List<String> header, List<List<String>> rows) {
        return new CliOutcome(Kind.ROWS, header, List.copyOf(rows), 0, 0, "");
    }

    static CliOutcome ok(long affectedRows) {
        return new CliOutcome(Kind.OK, null, List.of(), affectedRows, 0, "");
    }

    static CliOutcome error(int code, String message) {
        return new CliOutcome(Kind.ERROR, null, List.of(), 0, code, message);
    }

    /** Neither rows nor an error: an OK, an empty set, or (in raw mode) either. */
    boolean isEmptySuccess() {
        return kind != Kind.ERROR && rows.isEmpty();
    }

    @Override
    public String toString() {
        return switch (kind) {
            case ROWS -> "rows " + (header == null ? "" : header + " ") + rows;
            case OK -> "OK " + affectedRows + " affected";
            case ERROR -> "ERROR " + errorCode + ": " + errorMessage;
        };
    }
}
