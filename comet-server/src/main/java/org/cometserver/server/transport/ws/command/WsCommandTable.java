package org.cometserver.server.transport.ws.command;

import org.cometserver.server.transport.ws.WsFrames;
import org.cometserver.server.transport.ws.WsSession;

import java.util.Map;

/** CppComet's client commands by name (cppcomet-protocol.md §3.4); every command object is stateless and shared. */
public final class WsCommandTable {
    private static final WsCommand IGNORED = (session, args) -> {
    };

    private final Map<String, WsCommand> commands = Map.of(
            "subscription", new SubscriptionCommand(),
            "web_pipe2", new WebPipeCommand(),
            "pipe_log", new PipeLogCommand(),
            "pipe_count", new PipeCountCommand(),
            "track_pipe_users", new TrackPipeUsersCommand(),
            "user_data", new UserDataCommand(),
            "user_status", new UserStatusCommand(),
            // CppComet: the page's statistics report is dropped, cgi_call and CometQL_call are stubs (§3.4)
            "statistics", IGNORED,
            "cgi_call", IGNORED,
            "CometQL_call", IGNORED);

    /** Runs the command in {@code text}; an unknown one gets an error frame (CppComet closed without a word). */
    public void execute(WsSession session, String text) {
        int newline = text.indexOf('\n');
        String name = newline < 0 ? text : text.substring(0, newline);
        WsCommand command = commands.get(name);
        if (command == null) {
            session.write(WsFrames.error("Unknown command", session.services().now()));
            return;
        }
        command.execute(session, newline < 0 ? "" : text.substring(newline + 1));
    }
}
