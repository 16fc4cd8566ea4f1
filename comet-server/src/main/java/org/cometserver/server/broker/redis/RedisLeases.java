package org.cometserver.server.broker.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import org.cometserver.server.broker.Leases;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * {@link Leases} in Redis: key {@code comet:lease:{<name>}} holds the holder's node name and expires {@code ttl} after
 * its last renewal. Taking is {@code SET NX PX}, renewing a {@code PEXPIRE} only while the value is this node's;
 * releasing, only while it is, leaves an empty value for {@code ttl}, which the next taker replaces at once and reads
 * the release time from. Each is one Lua script, so a node never renews or removes another's lease. Expiry is Redis's
 * own clock, so the nodes' clocks need not agree.
 */
public final class RedisLeases implements Leases {
    /** KEYS lease; ARGV node, ttl ms. Returns {holder, remaining ms, released ms ago or -1}. */
    private static final LuaScript ACQUIRE = new LuaScript("""
            if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
              return {ARGV[1], tonumber(ARGV[2]), -1}
            end
            local holder = redis.call('GET', KEYS[1])
            if holder == '' then
              local ago = tonumber(ARGV[2]) - redis.call('PTTL', KEYS[1])
              redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
              return {ARGV[1], tonumber(ARGV[2]), math.max(0, ago)}
            end
            if holder == ARGV[1] then
              redis.call('PEXPIRE', KEYS[1], ARGV[2])
              return {holder, tonumber(ARGV[2]), -1}
            end
            return {holder, redis.call('PTTL', KEYS[1]), -1}
            """, ScriptOutputType.MULTI);
    /** KEYS lease; ARGV node, ttl ms. */
    private static final LuaScript RELEASE = new LuaScript("""
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              redis.call('SET', KEYS[1], '', 'PX', ARGV[2])
              return 1
            end
            return 0
            """, ScriptOutputType.INTEGER);

    private final String node;
    private final Duration ttl;
    private final StatefulRedisConnection<String, byte[]> connection;
    private final RedisAsyncCommands<String, byte[]> redis;

    /** Connects to Redis (blocking up to the connect timeout: call at start-up). */
    public RedisLeases(RedisClient client, String node, Duration ttl) {
        this.node = node;
        this.ttl = ttl;
        this.connection = RedisConnections.open(() -> client.connect(RedisConnections.CODEC));
        this.redis = connection.async();
    }

    @Override
    public CompletableFuture<Lease> acquire(String name) {
        return ACQUIRE.<List<Object>>run(redis, new String[] {RedisKeys.lease(name)}, LuaScript.arg(node),
                LuaScript.arg(ttl.toMillis())).thenApply(reply -> {
                    String holder = new String((byte[]) reply.get(0), StandardCharsets.UTF_8);
                    return new Lease(name, holder, holder.equals(node), (Long) reply.get(1), (Long) reply.get(2));
                });
    }

    @Override
    public CompletableFuture<Void> release(String name) {
        return RELEASE.<Long>run(redis, new String[] {RedisKeys.lease(name)}, LuaScript.arg(node),
                LuaScript.arg(ttl.toMillis())).thenApply(released -> null);
    }

    @Override
    public Duration ttl() {
        return ttl;
    }

    @Override
    public void close() {
        connection.close();
    }
}
