package org.cometserver.cometql.protocol.packet;

import org.cometserver.cometql.protocol.PacketPayload;
import org.cometserver.cometql.protocol.constant.CharacterSet;
import org.cometserver.cometql.protocol.constant.ColumnType;

/**
 * <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_query_response_text_resultset_column_definition.html">Protocol::ColumnDefinition41</a>.
 * CppComet: every column is {@code VAR_STRING}, utf8_general_ci, length 77, decimals 31, catalog {@code def}, empty
 * schema/table/org_table/org_name; the NOT_NULL flag is kept only for columns without NULL values.
 */
public record ColumnDefinition41(String table, String name, boolean nullable) implements ServerPacket {
    private static final int FIXED_FIELDS_LENGTH = 0x0c;
    private static final int COLUMN_LENGTH = 77;
    private static final int DECIMALS = 0x1f;

    /** A result-set column as CppComet describes it. */
    public static ColumnDefinition41 resultColumn(String name, boolean nullable) {
        return new ColumnDefinition41("", name, nullable);
    }

    @Override
    public void write(PacketPayload out) {
        out.writeStringLenenc("def")
                .writeStringLenenc("")
                .writeStringLenenc(table)
                .writeStringLenenc("")
                .writeStringLenenc(name)
                .writeStringLenenc("")
                .writeIntLenenc(FIXED_FIELDS_LENGTH)
                .writeInt2(CharacterSet.UTF8_GENERAL_CI)
                .writeInt4(COLUMN_LENGTH)
                .writeInt1(ColumnType.VAR_STRING)
                .writeInt2(nullable ? 0 : ColumnType.NOT_NULL_FLAG)
                .writeInt1(DECIMALS)
                .writeInt2(0);
    }
}
