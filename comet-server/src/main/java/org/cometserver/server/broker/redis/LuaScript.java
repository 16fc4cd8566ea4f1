package org.cometserver.server.broker.redis;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;

/**
 * A Lua script run by its SHA1 ({@code EVALSHA}); when Redis does not know it (first use, or Redis restarted empty)
 * it is sent whole once ({@code EVAL}, which also loads it).
 */
final class LuaScript {
    private final String source;
    private final String sha;
    private final ScriptOutputType output;

    LuaScript(String source, ScriptOutputType output) {
        this.source = source;
        this.output = output;
        try {
            this.sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                    .digest(source.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    <T> CompletableFuture<T> run(RedisAsyncCommands<String, byte[]> redis, String[] keys, byte[]... args) {
        CompletableFuture<T> result = new CompletableFuture<>();
        redis.<T>evalsha(sha, output, keys, args).whenComplete((value, error) -> {
            if (error == null) {
                result.complete(value);
            } else if (String.valueOf(error.getMessage()).startsWith("NOSCRIPT")) {
                redis.<T>eval(source, output, keys, args).whenComplete((v, e) -> {
                    if (e == null) {
                        result.complete(v);
                    } else {
                        result.completeExceptionally(e);
                    }
                });
            } else {
                result.completeExceptionally(error);
            }
        });
        return result;
    }

    /** Loads the script into Redis's cache ({@code SCRIPT LOAD}), so the first runs need not send it. */
    CompletableFuture<String> load(RedisAsyncCommands<String, byte[]> redis) {
        return redis.scriptLoad(source).toCompletableFuture();
    }

    static byte[] arg(Object value) {
        return String.valueOf(value).getBytes(StandardCharsets.UTF_8);
    }
}
