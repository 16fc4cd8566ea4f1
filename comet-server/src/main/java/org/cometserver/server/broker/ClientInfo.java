package org.cometserver.server.broker;

/**
 * One subscribed connection as presence reports it ({@code users_in_pipes}, {@code track_pipe_users}).
 *
 * @param node         the node holding it ({@code [cluster] node_name})
 * @param connectionId unique on its node while the connection lives
 */
public record ClientInfo(String node, String connectionId, long userId, String uuid, String userAgent, String ip,
                         String origin, String language) {
}
