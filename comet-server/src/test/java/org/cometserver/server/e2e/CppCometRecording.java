package org.cometserver.server.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * The statements of one CometQL recording in {@code testdata/cppcomet/} with what CppComet 4.09 answered, and the CLI
 * mode it was recorded in (which is the mode the replay uses).
 */
record CppCometRecording(String file, Mode mode, List<CliOutput.Statement> statements) {

    /** How the recording ran the CLI. */
    enum Mode {
        /** One {@code mysql --raw -N -e <statement>} per statement; blocks with stdout/stderr/exit code. */
        RAW_PER_STATEMENT,
        /** One {@code mysql -t -vvv -e <statement>} per statement; blocks with stdout/stderr/exit code. */
        VERBOSE_PER_STATEMENT,
        /** One {@code mysql -t -vvv --force} session (statements on stdin, stderr merged), echoed statements. */
        VERBOSE_SESSION
    }

    private static final String BLOCK_RULE = "################################################################";
    private static final String STATEMENT = "### statement: ";

    static CppCometRecording read(String file, Mode mode) {
        String text;
        try {
            text = Files.readString(RepoPaths.cppcometRecordings().resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<CliOutput.Statement> statements = mode == Mode.VERBOSE_SESSION ? CliOutput.parseVerbose(text) : blocks(text, mode);
        if (statements.isEmpty()) {
            throw new IllegalStateException("no statements in " + file);
        }
        return new CppCometRecording(file, mode, statements);
    }

    /** Reads {@code ### statement:} blocks with their {@code --- stdout ---}, {@code --- stderr ---}, {@code --- exit code:}. */
    private static List<CliOutput.Statement> blocks(String text, Mode mode) {
        List<CliOutput.Statement> statements = new ArrayList<>();
        for (String block : text.split(BLOCK_RULE + "\n")) {
            int statementAt = block.indexOf(STATEMENT);
            if (statementAt < 0) {
                continue;
            }
            String sql = block.substring(statementAt + STATEMENT.length(), block.indexOf('\n', statementAt));
            String stdout = between(block, "--- stdout ---\n", "--- stderr ---\n");
            String stderr = between(block, "--- stderr ---\n", "--- exit code: ");
            int exitCode = Integer.parseInt(block.substring(block.indexOf("--- exit code: ") + 15).strip());
            CliOutcome outcome = mode == Mode.RAW_PER_STATEMENT
                    ? CliOutput.parseRaw(stdout, stderr, exitCode)
                    : CliOutput.parseVerbose(stdout + stderr).get(0).outcome();
            statements.add(new CliOutput.Statement(sql, outcome));
        }
        return statements;
    }

    private static String between(String text, String start, String end) {
        int from = text.indexOf(start) + start.length();
        return text.substring(from, text.indexOf(end, from));
    }
}
