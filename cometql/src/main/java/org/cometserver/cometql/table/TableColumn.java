package org.cometserver.cometql.table;

import org.apache.calcite.sql.type.SqlTypeName;

/**
 * One column of a virtual table.
 *
 * @param name      lower-case column name
 * @param type      SQL type Calcite sees (BIGINT, INTEGER or VARCHAR)
 * @param mysqlType the type shown by {@code DESCRIBE}
 */
public record TableColumn(String name, SqlTypeName type, String mysqlType) {

    public static TableColumn bigint(String name) {
        return new TableColumn(name, SqlTypeName.BIGINT, "bigint(20)");
    }

    public static TableColumn integer(String name, String mysqlType) {
        return new TableColumn(name, SqlTypeName.INTEGER, mysqlType);
    }

    public static TableColumn varchar(String name, int length) {
        return new TableColumn(name, SqlTypeName.VARCHAR, "varchar(" + length + ")");
    }

    public static TableColumn text(String name) {
        return new TableColumn(name, SqlTypeName.VARCHAR, "text");
    }
}
