package org.cometserver.esl;

import org.cometserver.esl.client.ReconnectPolicy;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * The bridge's configuration, built by the shell from {@code comet.ini}; this module reads no file itself.
 *
 * @param connectTimeout       TCP connect plus the {@code auth} handshake
 * @param commandTimeout       one {@code api} reply (kick, mute, json_list)
 * @param backgroundJobTimeout one {@code bgapi} result (an originate that rings)
 * @param eventIdleTimeout     an event connection silent this long is dropped and reconnected; keep it above
 *                             FreeSWITCH's HEARTBEAT interval ({@code event-heartbeat-interval}, 20 s by default)
 * @param eventFormat          {@code event plain} or {@code event json}; both are parsed
 */
public record EslBridgeConfig(List<EslNodeConfig> nodes, Duration connectTimeout, Duration commandTimeout,
                              Duration backgroundJobTimeout, Duration eventIdleTimeout, ReconnectPolicy reconnect,
                              EventFormat eventFormat) {

    public EslBridgeConfig {
        nodes = List.copyOf(nodes);
        Objects.requireNonNull(reconnect, "reconnect");
        Objects.requireNonNull(eventFormat, "eventFormat");
        requirePositive("connectTimeout", connectTimeout);
        requirePositive("commandTimeout", commandTimeout);
        requirePositive("backgroundJobTimeout", backgroundJobTimeout);
        requirePositive("eventIdleTimeout", eventIdleTimeout);
        var names = new HashSet<String>();
        for (EslNodeConfig node : nodes) {
            if (!names.add(node.name())) {
                throw new IllegalArgumentException("node name used twice: " + node.name());
            }
        }
    }

    /**
     * 5 s to connect, 10 s per command, 60 s per background job, 65 s of event silence (three missed heartbeats),
     * {@link ReconnectPolicy#DEFAULT}, plain events.
     */
    public static EslBridgeConfig of(List<EslNodeConfig> nodes) {
        return new EslBridgeConfig(nodes, Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(60),
                Duration.ofSeconds(65), ReconnectPolicy.DEFAULT, EventFormat.PLAIN);
    }

    public EslBridgeConfig withTimeouts(Duration connect, Duration command, Duration backgroundJob) {
        return new EslBridgeConfig(nodes, connect, command, backgroundJob, eventIdleTimeout, reconnect, eventFormat);
    }

    public EslBridgeConfig withEventIdleTimeout(Duration idle) {
        return new EslBridgeConfig(nodes, connectTimeout, commandTimeout, backgroundJobTimeout, idle, reconnect, eventFormat);
    }

    public EslBridgeConfig withReconnect(ReconnectPolicy policy) {
        return new EslBridgeConfig(nodes, connectTimeout, commandTimeout, backgroundJobTimeout, eventIdleTimeout, policy, eventFormat);
    }

    public EslBridgeConfig withEventFormat(EventFormat format) {
        return new EslBridgeConfig(nodes, connectTimeout, commandTimeout, backgroundJobTimeout, eventIdleTimeout, reconnect, format);
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: > 0)");
        }
    }
}
