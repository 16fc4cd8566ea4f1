package org.cometserver.cometql.sql;

/** One column of a result set: its label as the client will see it and the table it came from (may be empty). */
public record ResultColumn(String name, String table) {
    public ResultColumn(String name) {
        this(name, "");
    }
}
