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
        connection.send(MysqlClientConnection.comQueryPackets("INSERT INTO pipes_messages (name, event, message) "
                + "VALUES (\"" + pipe + "\", \"bench\", \"" + message + "\")", 1));
        if (connection.readAnswer() != MysqlClientConnection.Answer.OK) {
            throw new IOException("INSERT INTO pipes_messages: " + connection.lastError());
        }
    }

    @Override
    public void close() throws IOException {
        connection.close();
    }
}
