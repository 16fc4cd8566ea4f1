package org.cometserver.bench;

import java.io.IOException;

/**
 * Publishes the way a backend does: {@code INSERT INTO pipes_messages} over CometQL with the raw MySQL client. Each
 * answer is read just before the next statement is sent (it is waiting in the socket by then; at most one statement
 * is unanswered), so the publisher wakes once per publication, as the references' WebSocket publisher does: on the two
 * cores it shares with the server, waking up to read each answer while the server was delivering that very message
 * competed with the fan-out being measured (a backend runs on its own machine). Every answer is still checked.
 */
final class CometQlPublisher implements FanoutPublisher {
    private final MysqlClientConnection connection;
    private final String pipe;
    /** The statement sent whose answer has not been read yet, or null. */
    private String unanswered;

    CometQlPublisher(String host, int port, String pipe) throws IOException {
        this.connection = MysqlClientConnection.open(host, port, "root", "CometQLPassword", "CometQL_v1");
        this.pipe = pipe;
    }

    @Override
    public void publish(String message) throws IOException {
        send("INSERT INTO pipes_messages (name, event, message) VALUES (\"" + pipe + "\", \"bench\", \"" + message
                + "\")");
    }

    /** Keeps the last {@code length} messages of the channel (CometQL {@code pipes_settings}; 0 = no history). */
    void keepHistory(int length) throws IOException {
        send("INSERT INTO pipes_settings (name, length) VALUES (\"" + pipe + "\", " + length + ")");
        readAnswer();
    }

    private void send(String sql) throws IOException {
        readAnswer();
        connection.send(MysqlClientConnection.comQueryPackets(sql, 1));
        unanswered = sql;
    }

    private void readAnswer() throws IOException {
        String sql = unanswered;
        if (sql == null) {
            return;
        }
        unanswered = null;
        if (connection.readAnswer() != MysqlClientConnection.Answer.OK) {
            throw new IOException(sql.substring(0, sql.indexOf('(')).trim() + ": " + connection.lastError());
        }
    }

    @Override
    public void close() throws IOException {
        try {
            readAnswer();
        } finally {
            connection.close();
        }
    }
}
