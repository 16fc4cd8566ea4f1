package org.cometserver.bench;

import java.io.IOException;

/**
 * Publishes the way a backend does: {@code INSERT INTO pipes_messages} over CometQL with the raw MySQL client, waiting
 * for the answer (the comet server answers after handing the message to its hub).
 */
final class CometQlPublisher implements FanoutPublisher {
    private final MysqlClientConnection connection;
    private final String pipe;

    CometQlPublisher(String host, int port, String pipe) throws IOException {
        this.connection = MysqlClientConnection.open(host, port, "root", "CometQLPassword", "CometQL_v1");
        this.pipe = pipe;
    }

    @Override
    public void publish(String message) throws IOException {
        execute("INSERT INTO pipes_messages (name, event, message) VALUES (\"" + pipe + "\", \"bench\", \"" + message
                + "\")");
    }

    /** Keeps the last {@code length} messages of the channel (CometQL {@code pipes_settings}; 0 = no history). */
    void keepHistory(int length) throws IOException {
        execute("INSERT INTO pipes_settings (name, length) VALUES (\"" + pipe + "\", " + length + ")");
    }

    private void execute(String sql) throws IOException {
        connection.send(MysqlClientConnection.comQueryPackets(sql, 1));
        if (connection.readAnswer() != MysqlClientConnection.Answer.OK) {
            throw new IOException(sql.substring(0, sql.indexOf('(')).trim() + ": " + connection.lastError());
        }
    }

    @Override
    public void close() throws IOException {
        connection.close();
    }
}
