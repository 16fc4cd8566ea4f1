package org.cometserver.cometql.sql;

import org.cometserver.cometql.error.CometQlErrors;
import org.cometserver.cometql.error.CometQlException;
import org.cometserver.cometql.spi.CallBackend;
import org.cometserver.cometql.spi.CometQlAccounts;
import org.cometserver.cometql.spi.CometQlBackends;
import org.cometserver.cometql.spi.ConferenceBackend;
import org.cometserver.cometql.spi.PipeBackend;
import org.cometserver.cometql.spi.ServerStatus;
import org.cometserver.cometql.spi.UserBackend;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * In-memory stand-ins for the host's spi implementations. Data is kept per dev_id; {@link #scans} counts calls
 * of the {@code all…} methods so tests can prove a key lookup never scanned; {@link #published} records publishes.
 */
final class InMemoryBackends implements PipeBackend, UserBackend, ConferenceBackend, CallBackend, ServerStatus,
        CometQlAccounts {
    final AtomicInteger scans = new AtomicInteger();
    final List<String> published = Collections.synchronizedList(new ArrayList<>());
    final List<String> sent = new CopyOnWriteArrayList<>();
    final Map<String, Integer> subscriberCounts = new ConcurrentHashMap<>();
    final List<PipeSubscriber> subscribers = new CopyOnWriteArrayList<>();
    final Map<Long, Long> onlineTimes = new ConcurrentHashMap<>();
    final List<Member> members = new CopyOnWriteArrayList<>();
    final List<String> kicked = new CopyOnWriteArrayList<>();
    final List<String> updated = new CopyOnWriteArrayList<>();
    final AtomicInteger historyChecks = new AtomicInteger();
    final List<CallLeg> calls = new CopyOnWriteArrayList<>();
    final List<String> callCommands = new CopyOnWriteArrayList<>();
    volatile RuntimeException failure;
    final InMemoryRooms rooms = new InMemoryRooms();
    private final Map<String, Object> data = new ConcurrentHashMap<>();
    private final AtomicInteger clock = new AtomicInteger(1_700_000_000);

    static InMemoryBackends create() {
        return new InMemoryBackends();
    }

    CometQlBackends backends() {
        return new CometQlBackends(this, this, this, this, this, this, rooms);
    }

    @SuppressWarnings("unchecked")
    private <T> T store(int devId, String name, java.util.function.Supplier<T> empty) {
        return (T) data.computeIfAbsent(devId + "/" + name, key -> empty.get());
    }

    private Map<Long, String> auth(int devId) {
        return store(devId, "auth", () -> new LinkedHashMap<Long, String>());
    }

    private Map<Long, String> userData(int devId) {
        return store(devId, "data", () -> new LinkedHashMap<Long, String>());
    }

    private List<QueuedMessage> queue(int devId) {
        return store(devId, "queue", ArrayList<QueuedMessage>::new);
    }

    private List<HistoryMessage> history(int devId) {
        return store(devId, "history", ArrayList<HistoryMessage>::new);
    }

    private Map<String, Integer> lengths(int devId) {
        return store(devId, "lengths", () -> new LinkedHashMap<String, Integer>());
    }

    private List<String> tokens(int devId) {
        return store(devId, "tokens", ArrayList<String>::new);
    }

    private List<Invitation> invitations(int devId) {
        return store(devId, "invitations", ArrayList<Invitation>::new);
    }

    private <T> List<T> limited(Collection<T> values, int limit) {
        scans.incrementAndGet();
        return new ArrayList<>(values).subList(0, Math.min(limit, values.size()));
    }

    private <K, V> Map<K, V> limited(Map<K, V> map, int limit) {
        scans.incrementAndGet();
        Map<K, V> result = new LinkedHashMap<>();
        map.entrySet().stream().limit(limit).forEach(e -> result.put(e.getKey(), e.getValue()));
        return result;
    }

    private void maybeFail() {
        if (failure != null) {
            throw failure;
        }
    }

    // PipeBackend

    @Override
    public boolean historyEnabled(int devId, String pipe) {
        historyChecks.incrementAndGet();
        return lengths(devId).getOrDefault(pipe, 0) > 0 || pipe.startsWith("trust_");
    }

    @Override
    public synchronized int publish(int devId, String pipe, String event, String message) {
        maybeFail();
        published.add(devId + ":" + pipe + ":" + event + ":" + message + ":" + Thread.currentThread().getName());
        int length = lengths(devId).getOrDefault(pipe, 0);
        if (length > 0) {
            List<HistoryMessage> history = history(devId);
            history.add(new HistoryMessage(UUID.randomUUID().toString(), clock.get(), pipe,
                    event.isEmpty() ? "undefined" : event, message, 0));
            List<HistoryMessage> ofPipe = history.stream().filter(m -> m.pipe().equals(pipe)).toList();
            for (int i = 0; i < ofPipe.size() - length; i++) {
                history.remove(ofPipe.get(i));
            }
        }
        return subscriberCounts.getOrDefault(pipe, 0);
    }

    @Override
    public synchronized List<HistoryMessage> history(int devId, Collection<String> pipes, int limitPerPipe) {
        List<HistoryMessage> result = new ArrayList<>();
        for (String pipe : pipes) {
            history(devId).stream().filter(m -> m.pipe().equals(pipe)).limit(limitPerPipe).forEach(result::add);
        }
        return result;
    }

    @Override
    public synchronized List<HistoryMessage> allHistory(int devId, int limit) {
        return limited(history(devId), limit);
    }

    @Override
    public synchronized int deleteHistory(int devId, Collection<String> pipes) {
        int before = history(devId).size();
        history(devId).removeIf(m -> pipes.contains(m.pipe()));
        return before - history(devId).size();
    }

    @Override
    public synchronized int deleteHistoryMessages(int devId, Collection<String> messageIds) {
        int before = history(devId).size();
        history(devId).removeIf(m -> messageIds.contains(m.id()));
        return before - history(devId).size();
    }

    @Override
    public synchronized void setHistoryLength(int devId, String pipe, int length) {
        lengths(devId).put(pipe, length);
    }

    @Override
    public synchronized Map<String, Integer> historyLengths(int devId, Collection<String> pipes) {
        Map<String, Integer> result = new LinkedHashMap<>();
        pipes.forEach(p -> {
            if (lengths(devId).containsKey(p)) {
                result.put(p, lengths(devId).get(p));
            }
        });
        return result;
    }

    @Override
    public synchronized Map<String, Integer> allHistoryLengths(int devId, int limit) {
        return limited(lengths(devId), limit);
    }

    @Override
    public synchronized int deleteSettings(int devId, Collection<String> pipes) {
        int removed = 0;
        for (String pipe : pipes) {
            removed += lengths(devId).remove(pipe) != null ? 1 : 0;
        }
        deleteHistory(devId, pipes);
        return removed;
    }

    @Override
    public Map<String, Integer> subscriberCounts(int devId, Collection<String> pipes) {
        Map<String, Integer> result = new LinkedHashMap<>();
        pipes.forEach(p -> result.put(p, subscriberCounts.getOrDefault(p, 0)));
        return result;
    }

    @Override
    public Map<String, Integer> allSubscriberCounts(int devId, int limit) {
        return limited(subscriberCounts, limit);
    }

    @Override
    public List<PipeSubscriber> subscribers(int devId, Collection<String> pipes) {
        return subscribers.stream().filter(s -> pipes.contains(s.pipe())).toList();
    }

    @Override
    public List<PipeSubscriber> allSubscribers(int devId, int limit) {
        return limited(subscribers, limit);
    }

    // UserBackend

    @Override
    public synchronized void setAuthHash(int devId, long userId, String hash) {
        auth(devId).put(userId, hash);
    }

    @Override
    public synchronized Map<Long, String> authHashes(int devId, Collection<Long> userIds) {
        maybeFail();
        Map<Long, String> result = new LinkedHashMap<>();
        userIds.forEach(id -> {
            if (auth(devId).containsKey(id)) {
                result.put(id, auth(devId).get(id));
            }
        });
        return result;
    }

    @Override
    public synchronized Map<Long, String> allAuthHashes(int devId, int limit) {
        return limited(auth(devId), limit);
    }

    @Override
    public synchronized int deleteAuthHashes(int devId, Collection<Long> userIds) {
        int removed = 0;
        for (Long id : userIds) {
            removed += auth(devId).remove(id) != null ? 1 : 0;
        }
        return removed;
    }

    @Override
    public Map<Long, Long> lastOnlineTimes(int devId, Collection<Long> userIds) {
        Map<Long, Long> result = new LinkedHashMap<>();
        userIds.forEach(id -> {
            if (onlineTimes.containsKey(id)) {
                result.put(id, onlineTimes.get(id));
            }
        });
        return result;
    }

    @Override
    public Map<Long, Long> allLastOnlineTimes(int devId, int limit) {
        return limited(onlineTimes, limit);
    }

    @Override
    public synchronized boolean sendMessage(int devId, long userId, String event, String message) {
        sent.add(devId + ":" + userId + ":" + event + ":" + message);
        queue(devId).add(new QueuedMessage(UUID.randomUUID().toString(), userId, clock.get(), event, message));
        return false;
    }

    @Override
    public synchronized List<QueuedMessage> queuedMessages(int devId, Collection<Long> userIds) {
        return queue(devId).stream().filter(m -> userIds.contains(m.userId())).toList();
    }

    @Override
    public synchronized List<QueuedMessage> allQueuedMessages(int devId, int limit) {
        return limited(queue(devId), limit);
    }

    @Override
    public synchronized int clearQueues(int devId, Collection<Long> userIds) {
        int before = queue(devId).size();
        queue(devId).removeIf(m -> userIds.contains(m.userId()));
        return before - queue(devId).size();
    }

    @Override
    public synchronized void setUserData(int devId, long userId, String value) {
        userData(devId).put(userId, value);
    }

    @Override
    public synchronized Map<Long, String> userData(int devId, Collection<Long> userIds) {
        Map<Long, String> result = new LinkedHashMap<>();
        userIds.forEach(id -> {
            if (userData(devId).containsKey(id)) {
                result.put(id, userData(devId).get(id));
            }
        });
        return result;
    }

    @Override
    public synchronized Map<Long, String> allUserData(int devId, int limit) {
        return limited(userData(devId), limit);
    }

    @Override
    public synchronized int deleteUserData(int devId, Collection<Long> userIds) {
        int removed = 0;
        for (Long id : userIds) {
            removed += userData(devId).remove(id) != null ? 1 : 0;
        }
        return removed;
    }

    @Override
    public synchronized void revokeToken(int devId, String token) {
        if (!tokens(devId).contains(token)) {
            tokens(devId).add(token);
        }
    }

    @Override
    public synchronized List<String> revokedTokens(int devId, Collection<String> tokens) {
        return tokens(devId).stream().filter(tokens::contains).toList();
    }

    @Override
    public synchronized List<String> allRevokedTokens(int devId, int limit) {
        return limited(tokens(devId), limit);
    }

    @Override
    public synchronized int deleteRevokedTokens(int devId, Collection<String> tokens) {
        int before = tokens(devId).size();
        tokens(devId).removeIf(tokens::contains);
        return before - tokens(devId).size();
    }

    // ConferenceBackend

    @Override
    public synchronized Invitation invite(int devId, InvitationRequest request) {
        if (request.dial() != null && request.dial().equals("fail")) {
            throw new CometQlException(CometQlErrors.INTERNAL, "no FreeSWITCH node");
        }
        Invitation invitation = new Invitation(request.name(), request.userId(), request.callerId(), request.message(),
                request.profile(), request.stream(), "fs1:7443", clock.get());
        invitations(devId).removeIf(i -> i.name().equals(request.name()) && i.userId() == request.userId());
        invitations(devId).add(invitation);
        return invitation;
    }

    @Override
    public synchronized List<Invitation> invitations(int devId, Collection<String> names) {
        return invitations(devId).stream().filter(i -> names.contains(i.name())).toList();
    }

    @Override
    public synchronized List<Invitation> allInvitations(int devId, int limit) {
        return limited(invitations(devId), limit);
    }

    @Override
    public synchronized int deleteInvitations(int devId, String name, Collection<Long> userIds) {
        int before = invitations(devId).size();
        invitations(devId).removeIf(i -> i.name().equals(name) && (userIds == null || userIds.contains(i.userId())));
        return before - invitations(devId).size();
    }

    @Override
    public List<Member> members(int devId, Collection<String> names) {
        return members.stream().filter(m -> names.contains(m.name())).toList();
    }

    @Override
    public List<Member> allMembers(int devId, int limit) {
        return limited(members, limit);
    }

    @Override
    public int kickMembers(int devId, String name, Collection<Long> userIds) {
        kicked.add(name + ":" + userIds);
        return userIds == null ? 0 : userIds.size();
    }

    @Override
    public int updateMembers(int devId, String name, Collection<Long> userIds, MemberChanges changes) {
        updated.add(name + ":" + userIds + ":" + changes);
        return userIds == null ? 0 : userIds.size();
    }

    // CallBackend

    @Override
    public List<CallLeg> calls(int devId, Collection<String> sessionIds) {
        return calls.stream().filter(c -> sessionIds.contains(c.sessionId())).toList();
    }

    @Override
    public List<CallLeg> callsOfUsers(int devId, Collection<Long> userIds) {
        return calls.stream().filter(c -> userIds.contains(c.userId()) || userIds.contains(c.callerId())).toList();
    }

    @Override
    public List<CallLeg> allCalls(int devId, int limit) {
        return limited(calls, limit);
    }

    @Override
    public CallLeg dial(int devId, DialRequest request) {
        callCommands.add("dial:" + request);
        return null;
    }

    @Override
    public int hangUp(int devId, String sessionId, Collection<Long> userIds) {
        callCommands.add("hangUp:" + sessionId + ":" + userIds);
        return userIds.size();
    }

    @Override
    public int update(int devId, String sessionId, Collection<Long> userIds, CallChanges changes) {
        callCommands.add("update:" + sessionId + ":" + userIds + ":" + changes);
        return userIds.size();
    }

    // ServerStatus

    @Override
    public Map<String, String> sessionStatus(int devId) {
        Map<String, String> status = new LinkedHashMap<>();
        status.put("flag", "session");
        status.put("id", Integer.toString(devId));
        status.put("user_online", "0");
        status.put("server_online", "1");
        status.put("messages", "107");
        return status;
    }

    @Override
    public Map<String, String> globalStatus() {
        Map<String, String> status = new LinkedHashMap<>();
        status.put("flag", "global");
        status.put("uptime", "5");
        return status;
    }

    @Override
    public List<String[]> services() {
        List<String[]> services = new ArrayList<>();
        services.add(new String[]{"cometql", "0", "0", "1"});
        services.add(new String[]{"ws", "0", "0", "0"});
        return services;
    }

    @Override
    public Path dataDirectory() {
        return Path.of("");
    }

    // CometQlAccounts

    @Override
    public String password(int devId) {
        return "CometQLPassword";
    }

    @Override
    public int devIndexSize() {
        return 10;
    }
}
