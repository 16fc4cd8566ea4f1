package org.cometserver.esl.client;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;

import java.time.Duration;

/**
 * What every connection of the bridge shares: the shell's event-loop group and matching channel class (NIO or epoll),
 * and the time limits.
 *
 * @param connectTimeout  TCP connect plus {@code auth} handshake
 * @param commandTimeout  limit for one {@code api} or socket command's reply
 * @param backgroundJobTimeout limit for a {@code bgapi} job's {@code BACKGROUND_JOB} (an originate rings for a while)
 * @param eventIdleTimeout     an event connection that reads nothing for this long is closed as dead; FreeSWITCH sends a
 *                             {@code HEARTBEAT} every 20 s by default, so a silent socket means a lost peer (no FIN)
 */
public record EslTransport(EventLoopGroup group, Class<? extends Channel> channelType, Duration connectTimeout,
                           Duration commandTimeout, Duration backgroundJobTimeout, Duration eventIdleTimeout) {
}
