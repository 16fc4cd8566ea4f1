package org.cometserver.server.e2e;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what the mariadb CLI prints, in the two formats of the CppComet recordings: {@code --raw -N} (tab-separated
 * rows, no header) and {@code -t -vvv} (each statement echoed between dashed lines, then a table, {@code Empty set},
 * {@code Query OK, N rows affected} or {@code ERROR N (HY000) at line L: message}). The same parser reads the
 * recordings and our server's answers, so both sides are compared in one shape.
 */
final class CliOutput {
    private static final String ECHO_RULE = "--------------";
    private static final Pattern ERROR = Pattern.compile("^ERROR (\\d+) \\(\\w+\\)(?: at line \\d+)?: (.*)$");
    private static final Pattern QUERY_OK = Pattern.compile("^Query OK, (\\d+) rows? affected.*$");

    private CliOutput() {
    }

    /** A statement as the CLI echoed it, with what followed. */
    record Statement(String sql, CliOutcome outcome) {
    }

    /** One {@code --raw -N -e} run: rows on stdout, an error on stderr. */
    static CliOutcome parseRaw(String stdout, String stderr, int exitCode) {
        CliOutcome error = firstError(stderr.lines().toList());
        if (error != null) {
            return error;
        }
        if (exitCode != 0) {
            throw new IllegalArgumentException("exit " + exitCode + " without an ERROR line: " + stderr);
        }
        List<List<String>> rows = stdout.lines().map(line -> List.of(line.split("\t", -1))).toList();
        return CliOutcome.rows(null, rows);
    }

    /** Every statement of {@code -t -vvv} output (stderr merged in), in order. */
    static List<Statement> parseVerbose(String text) {
        List<String> lines = text.lines().toList();
        List<Statement> statements = new ArrayList<>();
        int i = 0;
        while (i < lines.size()) {
            if (isEchoAt(lines, i)) {
                String sql = lines.get(i + 1);
                int end = i + 3;
                while (end < lines.size() && !isEchoAt(lines, end)) {
                    end++;
                }
                statements.add(new Statement(sql, outcomeOf(lines.subList(i + 3, end))));
                i = end;
            } else {
                i++;
            }
        }
        return statements;
    }

    private static boolean isEchoAt(List<String> lines, int i) {
        return i + 2 < lines.size() && lines.get(i).equals(ECHO_RULE) && lines.get(i + 2).equals(ECHO_RULE);
    }

    private static CliOutcome outcomeOf(List<String> lines) {
        CliOutcome error = firstError(lines);
        if (error != null) {
            return error;
        }
        for (String line : lines) {
            Matcher ok = QUERY_OK.matcher(line);
            if (ok.matches()) {
                return CliOutcome.ok(Long.parseLong(ok.group(1)));
            }
            if (line.startsWith("Empty set")) {
                return CliOutcome.rows(null, List.of());
            }
        }
        List<String> tableLines = lines.stream().filter(line -> line.startsWith("|")).toList();
        if (tableLines.isEmpty()) {
            throw new IllegalArgumentException("no outcome in " + lines);
        }
        List<List<String>> rows = tableLines.stream().map(CliOutput::cells).toList();
        return CliOutcome.rows(rows.get(0), rows.subList(1, rows.size()));
    }

    private static CliOutcome firstError(List<String> lines) {
        for (String line : lines) {
            Matcher error = ERROR.matcher(line);
            if (error.matches()) {
                return CliOutcome.error(Integer.parseInt(error.group(1)), error.group(2));
            }
        }
        return null;
    }

    /** {@code | a  | b |} → [a, b]; padding is the CLI's, so cells are trimmed. */
    private static List<String> cells(String line) {
        String inner = line.substring(1, line.length() - 1);
        return Arrays.stream(inner.split("\\|", -1)).map(String::strip).toList();
    }
}
