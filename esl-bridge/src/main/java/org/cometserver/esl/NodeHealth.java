package org.cometserver.esl;

import java.time.Instant;

/**
 * One node's health at an instant.
 *
 * @param lastError      why the node last went down (null if it never did)
 * @param reconnectCount reconnect attempts since the bridge started
 * @param since          when {@code state} was entered
 */
public record NodeHealth(String node, NodeState state, String lastError, long reconnectCount, Instant since) {

    public boolean isUp() {
        return state == NodeState.UP;
    }
}
