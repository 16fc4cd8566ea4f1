package org.cometserver.server.transport;

/**
 * User event fired through a browser connection's pipeline once its WebSocket upgrade succeeded, so that the
 * connection guard in front of the pipeline stops counting it as a handshake (and stops its handshake timer).
 */
public enum HandshakeCompleted {
    INSTANCE
}
