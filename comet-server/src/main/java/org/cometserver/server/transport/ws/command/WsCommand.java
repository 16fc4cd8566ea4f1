package org.cometserver.server.transport.ws.command;

import org.cometserver.server.transport.ws.WsSession;

/**
 * One client → server command of CppComet's WebSocket protocol, {@code <name>\n<arguments>}
 * (docs/CPPCOMET.md §3.4). Runs on the connection's event loop: blocking work goes through
 * {@link WsSession#offLoop}.
 */
public interface WsCommand {

    /** @param args the frame text after {@code <name>\n} (empty when there is no newline) */
    void execute(WsSession session, String args);
}
