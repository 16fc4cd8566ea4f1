package org.cometserver.bench;

import java.io.IOException;

/** Publishes one message to the fan-out channel and returns once the server has it (or the write is done). */
interface FanoutPublisher extends AutoCloseable {
    /** {@code message} holds only {@code [A-Za-z0-9]}, so it needs no escaping in SQL or JSON. */
    void publish(String message) throws IOException;

    @Override
    void close() throws IOException;
}
