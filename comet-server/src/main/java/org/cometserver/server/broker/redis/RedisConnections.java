package org.cometserver.server.broker.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import org.cometserver.server.broker.BrokerUnavailableException;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** How this server connects to Redis: the client, its options, the codec (text keys, binary values). */
final class RedisConnections {
    static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);
    static final int REQUEST_QUEUE_SIZE = 100_000;
    private static final Pattern VERSION = Pattern.compile("redis_version:(\\d+)");

    private RedisConnections() {
    }

    /**
     * A client of the URI ({@code redis://…}, {@code redis-sentinel://…#master}): commands time out after
     * {@code commandTimeout}, are refused at once while disconnected, and the connections reconnect by themselves
     * with a backoff of 100 ms doubling up to 2 s.
     */
    static RedisClient client(String uri, Duration commandTimeout) {
        RedisURI redisUri = RedisURI.create(uri);
        redisUri.setTimeout(commandTimeout);
        ClientResources resources = ClientResources.builder()
                .ioThreadPoolSize(2)
                .computationThreadPoolSize(1)
                .reconnectDelay(Delay.exponential(Duration.ofMillis(100), Duration.ofSeconds(2), 2,
                        TimeUnit.MILLISECONDS))
                .build();
        RedisClient client = RedisClient.create(resources, redisUri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                // bounded: beyond this many commands waiting on a connection, new ones fail (an ERR, not a backlog)
                .requestQueueSize(REQUEST_QUEUE_SIZE)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(commandTimeout))
                .socketOptions(SocketOptions.builder().connectTimeout(commandTimeout).build())
                .build());
        return client;
    }

    /** Shuts a client of {@link #client} down with its threads (its resources are its own, not shared). */
    static void shutdown(RedisClient client) {
        client.shutdown(Duration.ofMillis(100), Duration.ofSeconds(2));
        client.getResources().shutdown(100, 2000, TimeUnit.MILLISECONDS);
    }

    /** Opens a connection (blocking, at start-up); Redis unreachable is a {@link BrokerUnavailableException}. */
    static <C> C open(java.util.function.Supplier<C> connect) {
        try {
            return connect.get();
        } catch (io.lettuce.core.RedisException e) {
            throw new BrokerUnavailableException("cannot connect to Redis: " + e.getMessage(), e);
        }
    }

    /** The URI without its password, for logs. */
    static String redacted(String uri) {
        return uri.replaceAll("//[^@/]*@", "//***@");
    }

    /** The server's major version from {@code INFO server} (blocking, at start-up only). */
    static int majorVersion(RedisAsyncCommands<String, byte[]> redis, Duration timeout) {
        String info = await(redis.info("server"), timeout, "read INFO server");
        Matcher m = VERSION.matcher(info);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    /** Waits for a start-up step; Redis not answering in time is a {@link BrokerUnavailableException}. */
    static <T> T await(CompletionStage<T> step, Duration timeout, String what) {
        try {
            return step.toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerUnavailableException("interrupted: " + what, e);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new BrokerUnavailableException("cannot " + what + " on Redis: " + cause.getMessage(), cause);
        }
    }
}
