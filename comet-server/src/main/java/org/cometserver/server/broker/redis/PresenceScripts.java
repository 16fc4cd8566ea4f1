package org.cometserver.server.broker.redis;

import io.lettuce.core.ScriptOutputType;

import java.util.List;

/**
 * The Lua scripts of {@link RedisPresence}. A node is live while its heartbeat in {@link RedisKeys#NODES} (scored by
 * Redis's own clock, so nodes' clocks need not agree) is younger than {@code failure_timeout}; reads skip the entries of
 * other nodes. Writes that decide whether a user came or went count every node still registered there, whatever its
 * heartbeat's age: after an outage of Redis every heartbeat is old though no node died, and a node that did die keeps
 * its users until the janitor reaps it, which reports them lost then (each change told once). Some scripts name keys
 * they build themselves (a user's nodes, a channel's members), which a single Redis or a Sentinel-managed one allows
 * (not Redis Cluster).
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
            local function othersHold(key, nodes, me)
              for _, n in ipairs(redis.call('SMEMBERS', key)) do
                if n ~= me and redis.call('ZSCORE', nodes, n) then return true end
              end
              return false
            end
            local function split(entry)
              local tab = string.find(entry, '\\t', 1, true)
              return string.sub(entry, 1, tab - 1), string.sub(entry, tab + 1)
            end
            local function online(dev) return 'comet:{d' .. dev .. '}:online' end
            -- the node no longer holds the user (dev\\tuid): true when he went offline with it
            local function dropUser(nodes, node, entry)
              local dev, uid = split(entry)
              local key = userKey(dev, uid)
              redis.call('SREM', key, node)
              return not othersHold(key, nodes, node) and redis.call('SREM', online(dev), uid) == 1
            end
            -- the node's members leave every channel
            local function dropMembers(node)
              local prefix = node .. '\\t'
              local chKey = 'comet:node:{' .. node .. '}:channels'
              for _, entry in ipairs(redis.call('HKEYS', chKey)) do
                local dev, channel = split(entry)
                local members = 'comet:{' .. dev .. ':' .. channel .. '}:members'
                for _, f in ipairs(redis.call('HKEYS', members)) do
                  if string.sub(f, 1, #prefix) == prefix then redis.call('HDEL', members, f) end
                end
                if redis.call('HLEN', members) == 0 then
                  redis.call('SREM', 'comet:{d' .. dev .. '}:presence-channels', channel)
                end
              end
              redis.call('DEL', chKey)
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

    /**
     * KEYS user's nodes, dev's online users, nodes, node's users; ARGV node, uid, dev\\tuid. Returns 1 when no other
     * registered node holds the user (he comes online).
     */
    static final LuaScript USER_CONNECTED = script("""
            local others = othersHold(KEYS[1], KEYS[3], ARGV[1])
            redis.call('SADD', KEYS[1], ARGV[1])
            redis.call('SADD', KEYS[2], ARGV[2])
            redis.call('SADD', KEYS[4], ARGV[3])
            if others then return 0 end
            return 1
            """, ScriptOutputType.INTEGER);

    /** As {@link #USER_CONNECTED}; the user leaves the online set when no other registered node holds him. */
    static final LuaScript USER_DISCONNECTED = script("""
            redis.call('SREM', KEYS[1], ARGV[1])
            redis.call('SREM', KEYS[4], ARGV[3])
            if othersHold(KEYS[1], KEYS[3], ARGV[1]) then return 0 end
            redis.call('SREM', KEYS[2], ARGV[2])
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
              dropMembers(node)
              local usersKey = 'comet:node:{' .. node .. '}:users'
              for _, entry in ipairs(redis.call('SMEMBERS', usersKey)) do
                if dropUser(KEYS[1], node, entry) then lost[#lost + 1] = entry end
              end
              redis.call('DEL', usersKey)
              redis.call('ZREM', KEYS[1], node)
              lost[#lost + 1] = '\\t' .. node
            end
            return lost
            """, ScriptOutputType.MULTI);

    /**
     * The first step of a node's re-registration, for some of the users it holds: KEYS node's users, node's
     * re-registration set; ARGV node, then {@code dev\\tuid} of each. Adds them (nothing it holds is ever removed
     * first, so no other node sees such a user leave meanwhile) and returns those Redis did not have online: they came
     * while Redis was away, or Redis forgot them.
     */
    static final LuaScript REREGISTER_USERS = script("""
            local found = {}
            for i = 2, #ARGV do
              local dev, uid = split(ARGV[i])
              redis.call('SADD', userKey(dev, uid), ARGV[1])
              redis.call('SADD', KEYS[1], ARGV[i])
              redis.call('SADD', KEYS[2], ARGV[i])
              if redis.call('SADD', online(dev), uid) == 1 then found[#found + 1] = ARGV[i] end
            end
            return found
            """, ScriptOutputType.MULTI);

    /**
     * The last step of a re-registration, after {@link #REREGISTER_USERS}: KEYS nodes, node's users, node's
     * re-registration set; ARGV node. Drops the users Redis has of the node that it no longer holds (they left while
     * Redis was away) and returns those who went offline with that; then the node's members leave every channel, for
     * the node to join its own again.
     */
    static final LuaScript REREGISTER_SWEEP = script("""
            local lost = {}
            for _, entry in ipairs(redis.call('SDIFF', KEYS[2], KEYS[3])) do
              redis.call('SREM', KEYS[2], entry)
              if dropUser(KEYS[1], ARGV[1], entry) then lost[#lost + 1] = entry end
            end
            redis.call('DEL', KEYS[3])
            dropMembers(ARGV[1])
            return lost
            """, ScriptOutputType.MULTI);

    /** Every script, for loading them ahead of a batch whose order must hold (see {@link LuaScript#load}). */
    static final List<LuaScript> ALL = List.of(HEARTBEAT, JOIN, LEAVE, MEMBERS, USER_CONNECTED, USER_DISCONNECTED,
            ONLINE, LIVE_NODES, ONLINE_COUNT, REAP, REREGISTER_USERS, REREGISTER_SWEEP);

    private PresenceScripts() {
    }

    private static LuaScript script(String body, ScriptOutputType output) {
        return new LuaScript(PRELUDE + body, output);
    }
}
