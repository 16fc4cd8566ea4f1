package org.cometserver.server.broker.redis;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import org.cometserver.server.broker.HistoryPage;
import org.cometserver.server.broker.Publication;
import org.cometserver.server.broker.StreamPosition;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Channels' history in Redis: per channel an offset counter, an epoch and a list of entries {@code <offset>:<body>}
 * trimmed to the newest {@code keep}, all three expiring {@code history_ttl} after the last publication. Reads run a
 * script too, so the offset, epoch and entries they see belong together.
 */
final class RedisHistory {
    /** Appends, trims, refreshes the TTL and publishes {@code K<offset>:<epoch>:<body>}; returns {offset, epoch}. */
    private static final LuaScript PUBLISH = new LuaScript("""
            local epoch = redis.call('GET', KEYS[2])
            if not epoch then
              epoch = ARGV[4]
              redis.call('SET', KEYS[2], epoch)
              redis.call('SET', KEYS[1], 0)
              redis.call('DEL', KEYS[3])
            end
            local offset = redis.call('INCR', KEYS[1])
            redis.call('RPUSH', KEYS[3], offset .. ':' .. ARGV[1])
            redis.call('LTRIM', KEYS[3], -tonumber(ARGV[2]), -1)
            for i = 1, 3 do redis.call('EXPIRE', KEYS[i], ARGV[3]) end
            redis.call(ARGV[5], KEYS[4], 'K' .. offset .. ':' .. epoch .. ':' .. ARGV[1])
            return {offset, epoch}
            """, ScriptOutputType.MULTI);
    /** {offset, epoch, entries…}; creates the epoch of a channel never published, so a later publish keeps it. */
    private static final LuaScript READ = new LuaScript("""
            local epoch = redis.call('GET', KEYS[2])
            if not epoch then
              epoch = ARGV[1]
              redis.call('SET', KEYS[2], epoch, 'EX', ARGV[2])
              redis.call('SET', KEYS[1], 0, 'EX', ARGV[2])
              redis.call('DEL', KEYS[3])
            end
            local result = {tonumber(redis.call('GET', KEYS[1]) or '0'), epoch}
            local entries = redis.call('LRANGE', KEYS[3], ARGV[3], -1)
            for i = 1, #entries do result[#result + 1] = entries[i] end
            return result
            """, ScriptOutputType.MULTI);
    /** Deletes the whole history; the next publish starts a new epoch at offset 1. Returns how many were kept. */
    private static final LuaScript REMOVE = new LuaScript("""
            local n = redis.call('LLEN', KEYS[3])
            redis.call('DEL', KEYS[1], KEYS[2], KEYS[3])
            return n
            """, ScriptOutputType.INTEGER);
    /** Removes these entries and, when one was there, gives the channel a new epoch (offsets go on). */
    private static final LuaScript REMOVE_ENTRIES = new LuaScript("""
            local removed = 0
            for i = 2, #ARGV do removed = removed + redis.call('LREM', KEYS[2], 0, ARGV[i]) end
            if removed > 0 then redis.call('SET', KEYS[1], ARGV[1], 'KEEPTTL') end
            return removed
            """, ScriptOutputType.INTEGER);

    private final RedisAsyncCommands<String, byte[]> redis;
    private final Duration ttl;

    RedisHistory(RedisAsyncCommands<String, byte[]> redis, Duration ttl) {
        this.redis = redis;
        this.ttl = ttl;
    }

    /** Loads the scripts into Redis (at start; a Redis restarted empty gets them again on first use). */
    CompletableFuture<Void> load() {
        return CompletableFuture.allOf(PUBLISH.load(redis), READ.load(redis), REMOVE.load(redis),
                REMOVE_ENTRIES.load(redis));
    }

    /** Keeps and publishes the publication; completes with its position. */
    CompletableFuture<StreamPosition> publish(int devId, Publication publication, int keep, boolean sharded) {
        String channel = publication.channel();
        CompletableFuture<List<Object>> run = PUBLISH.run(redis, keys(devId, channel, true),
                Wire.body(devId, publication), LuaScript.arg(keep), LuaScript.arg(ttl.toSeconds()),
                LuaScript.arg(newEpoch()), LuaScript.arg(sharded ? "SPUBLISH" : "PUBLISH"));
        return run.thenApply(r -> {
            // indexes for allHistory and removePublications; not atomic with the publish, and need not be
            byte[] name = channel.getBytes(StandardCharsets.UTF_8);
            redis.sadd(RedisKeys.historyChannels(devId), name);
            redis.expire(RedisKeys.historyChannels(devId), ttl);
            redis.hset(RedisKeys.publicationIds(devId), publication.id(), name);
            redis.expire(RedisKeys.publicationIds(devId), ttl);
            return new StreamPosition((Long) r.get(0), text(r.get(1)));
        });
    }

    CompletableFuture<HistoryPage> read(int devId, String channel, StreamPosition since, int limit) {
        return entries(devId, channel, since == null ? -Math.max(limit, 1) : 0).thenApply(all -> {
            List<Publication> kept = all.publications();
            if (since == null) {
                return new HistoryPage(limit <= 0 ? List.of() : kept, all.top(), true);
            }
            boolean sameEpoch = since.epoch().equals(all.top().epoch());
            List<Publication> after = new ArrayList<>();
            for (Publication p : kept) {
                if (!sameEpoch || p.position().offset() > since.offset()) {
                    if (after.size() < limit) {
                        after.add(p);
                    }
                }
            }
            long oldestKept = kept.isEmpty() ? all.top().offset() + 1 : kept.get(0).position().offset();
            boolean complete = sameEpoch && since.offset() <= all.top().offset() && oldestKept <= since.offset() + 1;
            return new HistoryPage(List.copyOf(after), all.top(), complete);
        });
    }

    /** The newest {@code limit} of each channel, in the order given. */
    CompletableFuture<List<Publication>> read(int devId, Collection<String> channels, int limit) {
        List<CompletableFuture<HistoryPage>> pages = new ArrayList<>();
        for (String channel : channels) {
            pages.add(read(devId, channel, null, limit));
        }
        return CompletableFuture.allOf(pages.toArray(CompletableFuture[]::new)).thenApply(v -> {
            List<Publication> all = new ArrayList<>();
            pages.forEach(p -> all.addAll(p.join().publications()));
            return all;
        });
    }

    CompletableFuture<List<Publication>> readAll(int devId, int limit) {
        return redis.smembers(RedisKeys.historyChannels(devId)).toCompletableFuture()
                .thenCompose(names -> read(devId, sorted(names), Integer.MAX_VALUE))
                .thenApply(all -> all.size() <= limit ? all : List.copyOf(all.subList(0, limit)));
    }

    CompletableFuture<Integer> remove(int devId, Collection<String> channels) {
        List<CompletableFuture<Long>> removed = new ArrayList<>();
        for (String channel : channels) {
            removed.add(REMOVE.run(redis, keys(devId, channel, false)));
            redis.srem(RedisKeys.historyChannels(devId), channel.getBytes(StandardCharsets.UTF_8));
        }
        return CompletableFuture.allOf(removed.toArray(CompletableFuture[]::new))
                .thenApply(v -> removed.stream().mapToInt(f -> f.join().intValue()).sum());
    }

    CompletableFuture<Integer> removeIds(int devId, Collection<String> ids) {
        if (ids.isEmpty()) {
            return CompletableFuture.completedFuture(0);
        }
        String index = RedisKeys.publicationIds(devId);
        return redis.hmget(index, ids.toArray(String[]::new)).toCompletableFuture().thenCompose(found -> {
            Map<String, List<String>> byChannel = new LinkedHashMap<>();
            found.forEach(kv -> kv.ifHasValue(c -> byChannel.computeIfAbsent(text(c), x -> new ArrayList<>())
                    .add(kv.getKey())));
            List<CompletableFuture<Long>> removed = new ArrayList<>();
            byChannel.forEach((channel, channelIds) -> removed.add(removeFrom(devId, channel, Set.copyOf(channelIds))));
            redis.hdel(index, ids.toArray(String[]::new));
            return CompletableFuture.allOf(removed.toArray(CompletableFuture[]::new))
                    .thenApply(v -> removed.stream().mapToInt(f -> f.join().intValue()).sum());
        });
    }

    private CompletableFuture<Long> removeFrom(int devId, String channel, Set<String> ids) {
        return READ.<List<Object>>run(redis, keys(devId, channel, false), LuaScript.arg(newEpoch()),
                LuaScript.arg(ttl.toSeconds()), LuaScript.arg(0)).thenCompose(r -> {
            List<byte[]> args = new ArrayList<>();
            args.add(LuaScript.arg(newEpoch()));
            for (Object entry : r.subList(2, r.size())) {
                byte[] bytes = (byte[]) entry;
                if (ids.contains(Wire.readEntry(bytes, "-").id())) {
                    args.add(bytes);
                }
            }
            if (args.size() == 1) {
                return CompletableFuture.completedFuture(0L);
            }
            return REMOVE_ENTRIES.run(redis, new String[] {RedisKeys.epoch(devId, channel),
                    RedisKeys.history(devId, channel)}, args.toArray(byte[][]::new));
        });
    }

    /** Entries from list index {@code from} (negative: from the end) with the channel's top position. */
    private CompletableFuture<HistoryPage> entries(int devId, String channel, int from) {
        return READ.<List<Object>>run(redis, keys(devId, channel, false), LuaScript.arg(newEpoch()),
                LuaScript.arg(ttl.toSeconds()), LuaScript.arg(from)).thenApply(r -> {
            String epoch = text(r.get(1));
            List<Publication> kept = new ArrayList<>(r.size() - 2);
            for (Object entry : r.subList(2, r.size())) {
                kept.add(Wire.readEntry((byte[]) entry, epoch));
            }
            return new HistoryPage(kept, new StreamPosition((Long) r.get(0), epoch), true);
        });
    }

    private static String[] keys(int devId, String channel, boolean withPubSub) {
        String offset = RedisKeys.offset(devId, channel);
        String epoch = RedisKeys.epoch(devId, channel);
        String history = RedisKeys.history(devId, channel);
        return withPubSub ? new String[] {offset, epoch, history, RedisKeys.channel(devId, channel)}
                : new String[] {offset, epoch, history};
    }

    private static List<String> sorted(Set<byte[]> names) {
        return names.stream().map(RedisHistory::text).sorted().toList();
    }

    private static String text(Object bytes) {
        return new String((byte[]) bytes, StandardCharsets.UTF_8);
    }

    private static String newEpoch() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }
}
