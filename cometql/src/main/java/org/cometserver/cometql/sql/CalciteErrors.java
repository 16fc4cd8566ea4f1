package org.cometserver.cometql.sql;

import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.validate.SqlValidatorException;
import org.cometserver.cometql.error.CometQlErrors;
import org.cometserver.cometql.error.CometQlException;

/** Maps what Calcite (or a table inside it) throws to CometQL's error codes (docs/CPPCOMET.md §2.7). */
final class CalciteErrors {
    private CalciteErrors() {
    }

    /** The CometQL error for {@code failure}, or null when it is not an expected statement error. */
    static CometQlException translate(Throwable failure) {
        String validation = null;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof CometQlException cometQl) {
                return cometQl;
            }
            if (t instanceof SqlParseException) {
                return CometQlErrors.syntax();
            }
            if (validation == null && (t instanceof SqlValidatorException || t instanceof CalciteContextException)) {
                validation = t instanceof CalciteContextException context ? context.getMessage() : t.getMessage();
            }
            if (t.getCause() == t) {
                break;
            }
        }
        if (validation == null) {
            return null;
        }
        return fromValidation(validation);
    }

    private static CometQlException fromValidation(String message) {
        if (message.contains("Column '") && message.contains("not found")
                || message.contains("Unknown target column")) {
            return new CometQlException(CometQlErrors.BAD_COLUMN, "Not a specific column");
        }
        if (message.contains("Object '") && message.contains("not found")
                || message.contains("Table '") && message.contains("not found")) {
            return CometQlErrors.tableDoesNotExist();
        }
        // Calcite's own wording is more useful than CppComet's bare "Syntax error in query" here.
        return new CometQlException(CometQlErrors.SYNTAX, "Syntax error in query: " + stripPosition(message));
    }

    private static String stripPosition(String message) {
        int colon = message.indexOf(": ");
        return message.startsWith("From line ") && colon > 0 ? message.substring(colon + 2) : message;
    }
}
