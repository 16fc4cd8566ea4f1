package org.cometserver.cometql.sql;

import org.apache.calcite.config.Lex;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.validate.SqlConformanceEnum;
import org.cometserver.cometql.error.CometQlErrors;

/** Calcite's parser in the configuration the Calcite connections use (MySQL lexical rules, MySQL 5 conformance). */
final class SqlParsing {
    private static final SqlParser.Config CONFIG = SqlParser.config().withLex(Lex.MYSQL)
            .withConformance(SqlConformanceEnum.MYSQL_5);

    private SqlParsing() {
    }

    /** Parses one statement of digest text; a parse failure is ERR 3 {@code Syntax error in query}. */
    static SqlNode parse(String sql) {
        try {
            return SqlParser.create(sql, CONFIG).parseStmt();
        } catch (SqlParseException e) {
            throw CometQlErrors.syntax();
        }
    }
}
