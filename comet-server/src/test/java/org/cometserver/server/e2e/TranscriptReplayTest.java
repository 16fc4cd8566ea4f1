package org.cometserver.server.e2e;

import org.cometserver.server.e2e.CppCometRecording.Mode;
import org.cometserver.server.e2e.MariadbCli.Tls;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Replays the statements of the real CppComet 4.09 recordings ({@code testdata/cppcomet/cometql-0{2,4,6,7}-*.txt}) with
 * the mariadb CLI in the mode each was recorded in, on a fresh server (as the recordings reset theirs), with and
 * without {@code --skip-ssl}, and asserts the same columns, rows and error codes, except the deliberate improvements
 * listed in {@link #IMPROVEMENTS}. Generated values (uuids, unix times) are compared by shape.
 */
class TranscriptReplayTest {

    /** A statement whose answer deliberately differs from CppComet's, why, and what we answer instead. */
    record Improvement(String sql, int occurrence, String reason, String answer, Predicate<CliOutcome> accepts) {
        /** Applies to every occurrence of the statement. */
        Improvement(String sql, String reason, String answer, Predicate<CliOutcome> accepts) {
            this(sql, 0, reason, answer, accepts);
        }
    }

    private static final String DESCRIBE_WORKS = "DESCRIBE / SHOW COLUMNS describe every table (CppComet knew only "
            + "users_auth and answered 15 'Table doesn't exist' for the tables it lists in SHOW TABLES)";

    /** Deliberate improvements over CppComet 4.09 (docs/COMPATIBILITY.md), one reason each. */
    static final List<Improvement> IMPROVEMENTS = improvements();

    private static List<Improvement> improvements() {
        List<Improvement> list = new ArrayList<>();
        for (String table : List.of("users_time", "users_messages", "pipes_messages", "users_in_pipes", "pipes",
                "pipes_settings", "users_data")) {
            for (String statement : List.of("DESCRIBE ", "SHOW COLUMNS FROM ")) {
                list.add(new Improvement(statement + table, DESCRIBE_WORKS, "Field/Type/Null/Key/Default/Extra rows",
                        TranscriptReplayTest::describesColumns));
            }
        }
        list.add(new Improvement("INSERT INTO users_auth (id, hash) VALUES (5,'e'),(6,'f')",
                "multi-row INSERT inserts every row (CppComet: error 3)", "OK, 2 rows",
                outcome -> outcome.kind() != CliOutcome.Kind.ERROR));
        list.add(new Improvement("SELECT * FROM users_auth WHERE id IN (5,6)",
                "follows from the multi-row INSERT above", "both rows",
                outcome -> outcome.rows().equals(List.of(List.of("5", "e"), List.of("6", "f")))));
        list.add(new Improvement("SELECT * FROM users_auth WHERE id>1",
                "comparison operators are honoured (CppComet treated every operator as '=' and returned id 1 for id>1)",
                "no rows (only id 1 exists)", CliOutcome::isEmptySuccess));
        list.add(new Improvement("SELECT * FROM users_messages WHERE id=1", 2,
                "DELETE FROM users_messages removes every queued message of the user (CppComet kept the rows queued "
                        + "within the current second, a quirk)", "no rows", CliOutcome::isEmptySuccess));
        list.add(new Improvement("SELECT * FROM users_messages WHERE id=9", 1,
                "same: the DELETE just before emptied the queue", "no rows", CliOutcome::isEmptySuccess));
        list.add(new Improvement("SELECT * FROM users_auth", "SELECT without the key column returns every row "
                + "(bounded by [cometql] max_result_rows; CppComet: error 13)", "the one stored row",
                outcome -> outcome.rows().equals(List.of(List.of("1", "abc")))));
        list.add(new Improvement("SELECT * FROM conference", "SELECT without the key column returns every row "
                + "(CppComet: error 13)", "no rows (no invitations)", CliOutcome::isEmptySuccess));
        list.add(new Improvement("SELECT * FROM users_auth WHERE id=1 AND id=2", "WHERE is evaluated as SQL: a "
                + "contradiction selects nothing (CppComet: error 13 'Each column in the conditions used only once')",
                "no rows", CliOutcome::isEmptySuccess));
        list.add(new Improvement("SHOW VARIABLES", "SHOW VARIABLES lists the session variables MySQL clients ask for "
                + "(CppComet: error 3)", "Variable_name/Value rows including lower_case_table_names = 0",
                outcome -> outcome.rows().contains(List.of("lower_case_table_names", "0"))));
        list.add(new Improvement("SELECT 1", "SELECT without FROM is evaluated (CppComet: error 3); clients and "
                + "connection pools use it as a liveness check", "one row 1",
                outcome -> outcome.rows().equals(List.of(List.of("1")))));
        list.add(new Improvement("SHOW STATUS", "same variables; the figures are this server's (messages count differs)",
                "flag, id, user_online, server_online, messages",
                outcome -> firstColumn(outcome).equals(List.of("flag", "id", "user_online", "server_online",
                        "messages"))));
        list.add(new Improvement("SHOW PROCESSLIST", "same columns; one row per service/thread of this server",
                "rows of ServiceName, id, status, count", outcome -> hasRowsOfWidth(outcome, 4)));
        list.add(new Improvement("SHOW TABLE STATUS", "same 18 columns; the figures are this server's",
                "rows of 18 columns", outcome -> hasRowsOfWidth(outcome, 18)));
        return List.copyOf(list);
    }

    static Stream<Arguments> recordings() {
        List<Arguments> arguments = new ArrayList<>();
        for (Tls tls : Tls.values()) {
            arguments.add(Arguments.of("cometql-02-session-table-vvv.txt", Mode.VERBOSE_SESSION, tls));
            arguments.add(Arguments.of("cometql-04-raw-N.txt", Mode.RAW_PER_STATEMENT, tls));
            arguments.add(Arguments.of("cometql-06-more-errors-and-edge-cases.txt", Mode.VERBOSE_PER_STATEMENT, tls));
            arguments.add(Arguments.of("cometql-07-users_messages-delete-timing.txt", Mode.VERBOSE_SESSION, tls));
        }
        return arguments.stream();
    }

    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("recordings")
    void answersLikeCppComet(String file, Mode mode, Tls tls) {
        CppCometRecording recording = CppCometRecording.read(file, mode);
        try (E2eServer server = E2eServer.embedded()) {
            if (file.startsWith("cometql-06")) {
                // the recording says: "users_auth row 1='abc' inserted before"
                MariadbCli.execute(server.port(), tls, "INSERT INTO users_auth (id, hash) VALUES (1,'abc')")
                        .assertSuccess();
            }
            List<CliOutcome> answers = replay(server.port(), recording, tls);

            List<String> differences = new ArrayList<>();
            Map<String, Integer> occurrences = new HashMap<>();
            for (int i = 0; i < recording.statements().size(); i++) {
                CliOutput.Statement recorded = recording.statements().get(i);
                String sql = withoutSemicolon(recorded.sql());
                int occurrence = occurrences.merge(sql, 1, Integer::sum);
                String difference = difference(sql, occurrence, recorded.outcome(), answers.get(i));
                if (difference != null) {
                    differences.add("#" + (i + 1) + " " + sql + "\n    " + difference);
                }
            }
            assertTrue(differences.isEmpty(), differences.size() + " statements answered unlike CppComet in " + file
                    + " (" + tls + "):\n" + String.join("\n", differences));
        }
    }

    private static List<CliOutcome> replay(int port, CppCometRecording recording, Tls tls) {
        List<CliOutput.Statement> statements = recording.statements();
        return switch (recording.mode()) {
            case RAW_PER_STATEMENT -> statements.stream().map(statement -> {
                ClientProcess.Result result = MariadbCli.execute(port, tls, statement.sql(), "--raw", "-N");
                return CliOutput.parseRaw(result.stdout(), result.stderr(), result.exitCode());
            }).toList();
            case VERBOSE_PER_STATEMENT -> statements.stream().map(statement -> {
                ClientProcess.Result result = MariadbCli.execute(port, tls, statement.sql(), "-t", "-vvv");
                List<CliOutput.Statement> echoed = CliOutput.parseVerbose(result.stdout() + result.stderr());
                assertEquals(1, echoed.size(), result.toString());
                return echoed.get(0).outcome();
            }).toList();
            case VERBOSE_SESSION -> {
                StringBuilder script = new StringBuilder();
                statements.forEach(statement -> script.append(withoutSemicolon(statement.sql())).append(";\n"));
                ClientProcess.Result result = MariadbCli.session(port, tls, script.toString(), "-t", "-vvv", "--force",
                        "--unbuffered");
                List<CliOutput.Statement> echoed = CliOutput.parseVerbose(result.stdout());
                assertEquals(statements.stream().map(s -> withoutSemicolon(s.sql())).toList(),
                        echoed.stream().map(CliOutput.Statement::sql).toList(), result.toString());
                yield echoed.stream().map(CliOutput.Statement::outcome).toList();
            }
        };
    }

    /** Null when {@code actual} matches CppComet's answer (or a documented improvement), else what differs. */
    private static String difference(String sql, int occurrence, CliOutcome recorded, CliOutcome actual) {
        for (Improvement improvement : IMPROVEMENTS) {
            if (improvement.sql().equals(sql) && (improvement.occurrence() == 0 || improvement.occurrence() == occurrence)) {
                return improvement.accepts().test(actual) ? null
                        : "expected (improvement: " + improvement.reason() + ") " + improvement.answer() + ", got " + actual;
            }
        }
        CliOutcome expected = normalized(recorded);
        CliOutcome got = normalized(actual);
        boolean same = switch (expected.kind()) {
            case ERROR -> got.kind() == CliOutcome.Kind.ERROR && got.errorCode() == expected.errorCode();
            // improvement: OK carries the real affected-row count where CppComet always said 0 "for optimisation"
            case OK -> got.kind() == CliOutcome.Kind.OK
                    && (got.affectedRows() == expected.affectedRows() || expected.affectedRows() == 0);
            case ROWS -> expected.rows().isEmpty() && expected.header() == null
                    ? got.isEmptySuccess()
                    : got.kind() == CliOutcome.Kind.ROWS && got.rows().equals(expected.rows())
                    && (expected.header() == null || expected.header().equals(got.header()));
        };
        return same ? null : "CppComet: " + recorded + "\n    ours:     " + actual;
    }

    /** Uuids and unix times are generated: compare them by shape. */
    private static CliOutcome normalized(CliOutcome outcome) {
        if (outcome.kind() != CliOutcome.Kind.ROWS) {
            return outcome;
        }
        List<List<String>> rows = outcome.rows().stream()
                .map(row -> row.stream().map(TranscriptReplayTest::shapeOf).toList())
                .toList();
        return CliOutcome.rows(outcome.header(), rows);
    }

    private static String shapeOf(String value) {
        if (value == null) {
            return null;
        }
        if (value.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")) {
            return "<uuid>";
        }
        return value.matches("1[6-9][0-9]{8}") ? "<unix time>" : value;
    }

    private static boolean describesColumns(CliOutcome outcome) {
        return hasRowsOfWidth(outcome, 6);
    }

    private static boolean hasRowsOfWidth(CliOutcome outcome, int width) {
        return outcome.kind() == CliOutcome.Kind.ROWS && !outcome.rows().isEmpty()
                && outcome.rows().stream().allMatch(row -> row.size() == width);
    }

    private static List<String> firstColumn(CliOutcome outcome) {
        return outcome.rows().stream().map(row -> row.get(0)).toList();
    }

    private static String withoutSemicolon(String sql) {
        String trimmed = sql.strip();
        return trimmed.endsWith(";") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
    }
}
