package org.cometserver.cometql.session;

/**
 * User event fired through a CometQL connection's pipeline once its login succeeded, so that a host's connection
 * guard in front of the pipeline stops counting it as a handshake (and stops its handshake timer).
 */
public enum LoginCompleted {
    INSTANCE
}
