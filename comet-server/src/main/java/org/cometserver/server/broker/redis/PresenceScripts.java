package org.cometserver.server.broker.redis;

import io.lettuce.core.ScriptOutputType;

/**
 * The Lua scripts of {@link RedisPresence}. A node is live while its heartbeat in {@link RedisKeys#NODES} (scored by
 * Redis's own clock, so nodes' clocks need not agree) is younger than {@code failure_timeout}; reads skip the entries of
 * other nodes. Some scripts name keys they build themselves (a user's nodes, a channel's members), which a single
 * Redis or a Sentinel-managed one allows (not Redis Cluster).
 */
final class PresenceScripts {
    /** Lua: {@code now} in milliseconds and {@code live(node, since)}. */
    private static final String PRELUDE = """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local function live(nodes, node, since)
              local s = redis.call('ZSCORE', nodes, node)
              return s and tonumber(s) >= since
            end
            local function userKey(dev, uid) return 'comet:{u' .. dev .. ':' .. uid .. '}:nodes' end
            local function othersLive(key, nodes, me, since)
              for _, n in ipairs(redis.call('SMEMBERS', key)) do
                if n ~= me and live(nodes, n, since) then return true end
              end
              return false
            end
            """;

    /** KEYS nodes; ARGV node. Returns 1 when the node was not registered (first beat, or its entries were lost). */
    static final LuaScript HEARTBEAT = script("""
            return redis.call('ZADD', KEYS[1], now, ARGV[1])
            """, ScriptOutputType.INTEGER);

    /**
     * KEYS members, dev's channels, node's channels (a hash {@code dev\\tchannel} → this node's members there, so it
     * shrinks as they leave); ARGV field, client, channel, dev\\tchannel.
     */
    static final LuaScript JOIN = script("""
            if redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]) == 1 then redis.call('HINCRBY', KEYS[3], ARGV[4], 1) end
            redis.call('SADD', KEYS[2], ARGV[3])
            return 1
            """, ScriptOutputType.INTEGER);

    /** KEYS members, dev's channels, node's channels; ARGV field, channel, dev\\tchannel. */
    static final LuaScript LEAVE = script("""
            if redis.call('HDEL', KEYS[1], ARGV[1]) == 1 then
              if redis.call('HINCRBY', KEYS[3], ARGV[3], -1) <= 0 then redis.call('HDEL', KEYS[3], ARGV[3]) end
            end
            if redis.call('HLEN', KEYS[1]) == 0 then redis.call('SREM', KEYS[2], ARGV[2]) end
            return 1
            """, ScriptOutputType.INTEGER);

    /** KEYS nodes, members…; ARGV failure timeout ms, then 1 to return clients or 0 to return counts. */
    static final LuaScript MEMBERS = script("""
            local since = now - tonumber(ARGV[1])
            local alive = {}
            local result = {}
            for k = 2, #KEYS do
              local all = redis.call('HGETALL', KEYS[k])
              local count = 0
              for i = 1, #all, 2 do
                local f = all[i]
                local node = string.sub(f, 1, string.find(f, '\\t', 1, true) - 1)
                local ok = alive[node]
                if ok == nil then ok = live(KEYS[1], node, since) or false; alive[node] = ok end
                if ok then
                  count = count + 1
                  if ARGV[2] == '1' then result[#result + 1] = all[i + 1] end
                end
              end
              if ARGV[2] ~= '1' then result[#result + 1] = count end
            end
            return result
            """, ScriptOutputType.MULTI);

    /** KEYS user's nodes, dev's online users, nodes, node's users; ARGV node, timeout ms, uid, dev\\tuid. */
    static final LuaScript USER_CONNECTED = script("""
            local others = othersLive(KEYS[1], KEYS[3], ARGV[1], now - tonumber(ARGV[2]))
            redis.call('SADD', KEYS[1], ARGV[1])
            redis.call('SADD', KEYS[2], ARGV[3])
            redis.call('SADD', KEYS[4], ARGV[4])
            if others then return 0 end
            return 1
            """, ScriptOutputType.INTEGER);

    /** As {@link #USER_CONNECTED}; the user leaves the online set when no other live node holds him. */
    static final LuaScript USER_DISCONNECTED = script("""
            redis.call('SREM', KEYS[1], ARGV[1])
            redis.call('SREM', KEYS[4], ARGV[4])
            if othersLive(KEYS[1], KEYS[3], ARGV[1], now - tonumber(ARGV[2])) then return 0 end
            redis.call('SREM', KEYS[2], ARGV[3])
            return 1
            """, ScriptOutputType.INTEGER);

    /** KEYS nodes; ARGV timeout ms, dev, user ids…: those online on a live node. */
    static final LuaScript ONLINE = script("""
            local since = now - tonumber(ARGV[1])
            local result = {}
            for i = 3, #ARGV do
              if othersLive(userKey(ARGV[2], ARGV[i]), KEYS[1], '', since) then result[#result + 1] = ARGV[i] end
            end
            return result
            """, ScriptOutputType.MULTI);

    /** KEYS nodes; ARGV failure timeout ms. The nodes heartbeating within it. */
    static final LuaScript LIVE_NODES = script("""
            return redis.call('ZRANGEBYSCORE', KEYS[1], now - tonumber(ARGV[1]), '+inf')
            """, ScriptOutputType.MULTI);

    /** KEYS nodes, dev's online users; ARGV timeout ms, dev: how many are on a live node. */
    static final LuaScript ONLINE_COUNT = script("""
            local since = now - tonumber(ARGV[1])
            local n = 0
            for _, uid in ipairs(redis.call('SMEMBERS', KEYS[2])) do
              if othersLive(userKey(ARGV[2], uid), KEYS[1], '', since) then n = n + 1 end
            end
            return n
            """, ScriptOutputType.INTEGER);

    /**
     * Removes dead nodes' entries, or (ARGV[3] not empty) that node's on its orderly close. KEYS nodes, janitor lock;
     * ARGV timeout ms, this node, node to remove, lock ms. Only the node holding the lock (one per heartbeat) reaps dead
     * nodes. Returns {@code dev\tuid} of users who went offline with them: reported once, as each removal is atomic.
     */
    static final LuaScript REAP = script("""
            local since = now - tonumber(ARGV[1])
            local dead
            if ARGV[3] ~= '' then
              dead = {ARGV[3]}
            else
              if not redis.call('SET', KEYS[2], ARGV[2], 'NX', 'PX', ARGV[4]) then return {} end
              dead = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '(' .. since)
            end
            local lost = {}
            for _, node in ipairs(dead) do
              local prefix = node .. '\\t'
              local chKey = 'comet:node:{' .. node .. '}:channels'
              for _, entry in ipairs(redis.call('HKEYS', chKey)) do
                local tab = string.find(entry, '\\t', 1, true)
                local dev = string.sub(entry, 1, tab - 1)
                local channel = string.sub(entry, tab + 1)
                local members = 'comet:{' .. dev .. ':' .. channel .. '}:members'
                for _, f in ipairs(redis.call('HKEYS', members)) do
                  if string.sub(f, 1, #prefix) == prefix then redis.call('HDEL', members, f) end
                end
                if redis.call('HLEN', members) == 0 then
                  redis.call('SREM', 'comet:{d' .. dev .. '}:presence-channels', channel)
                end
              end
              local usersKey = 'comet:node:{' .. node .. '}:users'
              for _, entry in ipairs(redis.call('SMEMBERS', usersKey)) do
                local tab = string.find(entry, '\\t', 1, true)
                local dev = string.sub(entry, 1, tab - 1)
                local uid = string.sub(entry, tab + 1)
                local key = userKey(dev, uid)
                redis.call('SREM', key, node)
                if not othersLive(key, KEYS[1], node, since) then
                  if redis.call('SREM', 'comet:{d' .. dev .. '}:online', uid) == 1 then lost[#lost + 1] = entry end
                end
              end
              redis.call('DEL', chKey, usersKey)
              redis.call('ZREM', KEYS[1], node)
              lost[#lost + 1] = '\\t' .. node
            end
            return lost
            """, ScriptOutputType.MULTI);

    private PresenceScripts() {
    }

    private static LuaScript script(String body, ScriptOutputType output) {
        return new LuaScript(PRELUDE + body, output);
    }
}
