package org.cometserver.cometql.table;

import org.cometserver.cometql.error.CometQlErrors;
import org.cometserver.cometql.error.CometQlException;
import org.cometserver.cometql.spi.CallBackend.CallChanges;
import org.cometserver.cometql.spi.CallBackend.CallLeg;
import org.cometserver.cometql.spi.CallBackend.DialRequest;
import org.cometserver.cometql.sql.StatementResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code calls}: one row per leg of a live or recently finished call (docs/CALLS.md). SELECT by {@code session_id}
 * or {@code user_id}; INSERT {@code (user_id, dial, call_type)} is click-to-call; UPDATE sets {@code hold},
 * {@code dtmf} or {@code transfer}; DELETE hangs up. {@code dtmf} and {@code transfer} are commands, not state:
 * SELECT shows them empty.
 */
public final class CallsTable extends CometTable {
    static final int SESSION_ID = 0;
    static final int USER_ID = 2;
    private static final int CALL_TYPE = 3;
    private static final int USER_INFO = 10;
    private static final int DIAL = 12;
    private static final int VIDEO = 1;
    private static final int AUDIO = 2;
    /** RFC 4733 events FreeSWITCH's {@code uuid_send_dtmf} sends; {@code w}/{@code W} are its pauses. */
    private static final String DTMF_CHARACTERS = "0123456789*#ABCDabcdwW";
    static final int MAX_DTMF = 64;
    private static final List<String> UPDATABLE = List.of("hold", "dtmf", "transfer");

    /** Creates the calls table. */
    public CallsTable() {
        super("calls", List.of(TableColumn.varchar("session_id", 64), TableColumn.bigint("caller_id"),
                TableColumn.bigint("user_id"), TableColumn.integer("call_type", "tinyint(4)"),
                TableColumn.varchar("state", 16), TableColumn.bigint("created"), TableColumn.bigint("answered"),
                TableColumn.bigint("ended"), TableColumn.bigint("duration"), TableColumn.varchar("node", 255),
                TableColumn.text("user_info"), TableColumn.varchar("kind", 8), TableColumn.varchar("dial", 255),
                TableColumn.varchar("peer", 255), TableColumn.integer("hold", "tinyint(1)"),
                TableColumn.varchar("sip_cause", 64), TableColumn.varchar("dtmf", MAX_DTMF),
                TableColumn.varchar("transfer", 255), TableColumn.varchar("mos", 8), TableColumn.text("stats")),
                "session_id", "user_id");
    }

    @Override
    protected List<Object[]> lookup(QueryContext context, int keyColumn, List<Object> values) {
        if (keyColumn == SESSION_ID) {
            return rows(context.backends().calls().calls(context.devId(), TableValues.textKeys(values)));
        }
        return rows(context.backends().calls().callsOfUsers(context.devId(),
                TableValues.longKeys(values, "user_id", 0)));
    }

    @Override
    protected List<Object[]> scanAll(QueryContext context, int limit) {
        return rows(context.backends().calls().allCalls(context.devId(), limit));
    }

    private static List<Object[]> rows(List<CallLeg> legs) {
        List<Object[]> rows = new ArrayList<>(legs.size());
        for (CallLeg l : legs) {
            rows.add(new Object[]{l.sessionId(), l.callerId(), l.userId(), l.callType(), l.state(), l.created(),
                    l.answered(), l.ended(), l.duration(), l.node(), l.userInfo(), l.kind(), l.dial(), l.peer(),
                    l.held() ? 1 : 0, l.sipCause(), "", "", l.mos(), l.stats()});
        }
        return rows;
    }

    @Override
    public boolean insertable() {
        return true;
    }

    @Override
    public boolean deletable() {
        return true;
    }

    /** Click-to-call: user_id and dial required, call_type 2 (audio) unless 1 (video). */
    @Override
    public StatementResult.Ok insert(QueryContext context, Object[] row) {
        long userId = (Long) TableValues.required(row, USER_ID, "user_id");
        String dial = ((String) TableValues.required(row, DIAL, "dial")).strip();
        if (userId <= 0) {
            throw new CometQlException(CometQlErrors.INVALID_DATA, "The user_id field must be positive");
        }
        if (dial.isEmpty()) {
            throw new CometQlException(CometQlErrors.INVALID_DATA, "The dial field must not be empty");
        }
        int callType = row[CALL_TYPE] == null ? AUDIO : ((Number) row[CALL_TYPE]).intValue();
        if (callType != VIDEO && callType != AUDIO) {
            throw new CometQlException(CometQlErrors.INVALID_DATA, "The call_type field must be 1 (video) or 2 (audio)");
        }
        for (int i = 0; i < row.length; i++) {
            if (row[i] != null && i != USER_ID && i != DIAL && i != CALL_TYPE && i != USER_INFO) {
                throw new CometQlException(CometQlErrors.INVALID_DATA, "The " + columns().get(i).name()
                        + " field is set by the server; INSERT takes user_id, dial, call_type and user_info");
            }
        }
        String userInfo = row[USER_INFO] == null ? "" : (String) row[USER_INFO];
        context.backends().calls().dial(context.devId(), new DialRequest(userId, dial, callType, userInfo));
        return new StatementResult.Ok(1, 0);
    }

    @Override
    public List<String> deleteKeyColumns() {
        return List.of("session_id", "user_id");
    }

    /** Hangs up the selected legs. */
    @Override
    public long delete(QueryContext context, List<Object[]> keyRows, Set<String> whereColumns) {
        long ended = 0;
        for (Map.Entry<String, List<Long>> entry : DeleteKeys.usersByName(keyRows, 0, 1).entrySet()) {
            ended += context.backends().calls().hangUp(context.devId(), entry.getKey(), entry.getValue());
        }
        return ended;
    }

    @Override
    public List<String> updatableColumns() {
        return UPDATABLE;
    }

    /** Holds/unholds, sends DTMF to or transfers the selected legs through FreeSWITCH. */
    @Override
    public long update(QueryContext context, List<Object[]> keyRows, Map<String, Object> assignments) {
        CallChanges changes = new CallChanges(hold(assignments), dtmf(assignments), transfer(assignments));
        if (keyRows.isEmpty()) {
            // unlike MySQL's "0 rows affected": a command to a call that is not there is a mistake worth saying
            throw new CometQlException(CometQlErrors.NOT_EXISTS, "No live call matches the WHERE clause");
        }
        long changed = 0;
        for (Map.Entry<String, List<Long>> entry : DeleteKeys.usersByName(keyRows, 0, 1).entrySet()) {
            changed += context.backends().calls().update(context.devId(), entry.getKey(), entry.getValue(), changes);
        }
        return changed;
    }

    private static Boolean hold(Map<String, Object> assignments) {
        if (!assignments.containsKey("hold")) {
            return null;
        }
        Object value = assignments.get("hold");
        return switch (value == null ? "" : value.toString().strip().toLowerCase(Locale.ROOT)) {
            case "1", "true" -> true;
            case "0", "false" -> false;
            default -> throw new CometQlException(CometQlErrors.INVALID_DATA, "The hold field must be 0 or 1");
        };
    }

    private static String dtmf(Map<String, Object> assignments) {
        if (!assignments.containsKey("dtmf")) {
            return null;
        }
        Object value = assignments.get("dtmf");
        String digits = value == null ? null : TableValues.toText(value);
        if (digits == null || digits.isEmpty() || digits.length() > MAX_DTMF) {
            throw new CometQlException(CometQlErrors.INVALID_DATA,
                    "The dtmf field must be 1 to " + MAX_DTMF + " characters of 0-9 * # A-D w W");
        }
        for (int i = 0; i < digits.length(); i++) {
            if (DTMF_CHARACTERS.indexOf(digits.charAt(i)) < 0) {
                throw new CometQlException(CometQlErrors.INVALID_DATA, "The dtmf field has '" + digits.charAt(i)
                        + "'; DTMF digits are 0-9 * # A-D (w and W pause)");
            }
        }
        return digits;
    }

    private static String transfer(Map<String, Object> assignments) {
        if (!assignments.containsKey("transfer")) {
            return null;
        }
        Object value = assignments.get("transfer");
        String target = value == null ? null : TableValues.toText(value);
        if (target == null || target.isBlank()) {
            throw new CometQlException(CometQlErrors.INVALID_DATA, "The transfer field must name an extension "
                    + "or a dial string");
        }
        return target.strip();
    }
}
