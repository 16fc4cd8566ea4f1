package org.cometserver.server.calls;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.cometserver.cometql.spi.BackendUnavailableException;
import org.cometserver.cometql.spi.CallBackend.CallLeg;
import org.cometserver.server.broker.Broker;
import org.cometserver.server.broker.BrokerUnavailableException;
import org.cometserver.server.broker.Control;
import org.cometserver.server.broker.PresenceManager;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * What this node asks of other nodes about P2P sessions, and its answers to theirs (docs/CALLS.md "Several nodes"):
 * the {@code calls} rows of a session another node owns ({@link Control.CallQuery}), every node's rows of some users
 * or of a full scan ({@link Control.CallScan}), both answered by {@link Control.CallAnswer}; and
 * {@code POST /calls/reject} of another node's session ({@link Control.CallReject}, answered by
 * {@link Control.CallVerdict}). Requests and answers travel on the addressed node's own channel. A statement thread
 * waits at most {@link #QUERY_WAIT}; a reject never blocks (its future completes when the verdict comes, or fails
 * after {@link #QUERY_WAIT} on {@code p2p-calls-timer}).
 */
final class ClusterQueries {
    /** A {@code calls} statement's (or a forwarded {@code POST /calls/reject}'s) wait for the other nodes. */
    static final Duration QUERY_WAIT = Duration.ofSeconds(2);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<CallLeg>> ROWS = new TypeReference<>() {
    };

    private final String node;
    private final Broker broker;
    private final PresenceManager presence;
    /** Sends an answer to the node that asked (failures logged). */
    private final BiConsumer<String, Control> sender;
    /** This node's requests waiting for another node's answer, by request id. */
    private final ConcurrentHashMap<Long, CompletableFuture<Control.Call>> pending = new ConcurrentHashMap<>();
    private final AtomicLong requests = new AtomicLong();
    private volatile P2pCalls calls;

    ClusterQueries(String node, Broker broker, PresenceManager presence, BiConsumer<String, Control> sender) {
        this.node = node;
        this.broker = broker;
        this.presence = presence;
        this.sender = sender;
    }

    /** The registry whose sessions this node owns; set once, before the first connection. */
    void bind(P2pCalls calls) {
        this.calls = calls;
    }

    /** A request of another node for this one, or an answer to this node's ({@code registry} null: not bound yet). */
    void onControl(Control control, P2pCalls registry) {
        if (control instanceof Control.CallQuery q) {
            if (q.toNode().equals(node) && registry != null) {
                answer(registry, q);
            }
        } else if (control instanceof Control.CallScan q) {
            if (q.toNode().equals(node) && registry != null) {
                List<CallLeg> rows = q.userIds() == null ? registry.allLegsHere(q.devId(), q.limit())
                        : registry.legsOfUsersHere(q.devId(), q.userIds());
                sender.accept(q.fromNode(), new Control.CallAnswer(q.devId(), q.fromNode(), q.requestId(), json(rows),
                        0));
            }
        } else if (control instanceof Control.CallReject r) {
            if (r.toNode().equals(node) && registry != null) {
                CallSignalException refusal = registry.remoteReject(r.devId(), r.userId(), r.signal());
                sender.accept(r.fromNode(), new Control.CallVerdict(r.devId(), r.fromNode(), r.requestId(),
                        refusal == null ? "" : refusal.kind().name(), refusal == null ? "" : refusal.getMessage()));
            }
        } else if (control instanceof Control.CallAnswer a) {
            answered(a.toNode(), a.requestId(), a);
        } else if (control instanceof Control.CallVerdict v) {
            answered(v.toNode(), v.requestId(), v);
        }
    }

    /** The rows of session {@code sessionId}, which {@code owner} holds; waits at most {@link #QUERY_WAIT}. */
    List<CallLeg> legsAt(String owner, int devId, String sessionId) {
        Control.CallAnswer answer = ask(owner, devId, sessionId, false, null);
        return rows(owner, answer.rows());
    }

    /** {@code DELETE FROM calls} of a session {@code owner} holds: how many legs it ended. Waits as above. */
    int hangUpAt(String owner, int devId, String sessionId, Collection<Long> userIds) {
        return ask(owner, devId, sessionId, true, userIds == null ? null : List.copyOf(userIds)).ended();
    }

    private Control.CallAnswer ask(String owner, int devId, String sessionId, boolean hangUp, List<Long> userIds) {
        long id = requests.incrementAndGet();
        CompletableFuture<Control.Call> answer = request(owner, id,
                new Control.CallQuery(devId, owner, node, id, sessionId, hangUp, userIds));
        try {
            return (Control.CallAnswer) answer.get(QUERY_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new BackendUnavailableException("node " + owner + ", which holds call " + sessionId
                    + ", did not answer within " + QUERY_WAIT.toMillis() + " ms", e);
        } catch (ExecutionException e) {
            throw new BackendUnavailableException("node " + owner + ", which holds call " + sessionId
                    + ", cannot be asked: " + e.getCause().getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendUnavailableException("interrupted while asking node " + owner, e);
        } finally {
            pending.remove(id);
        }
    }

    /**
     * The {@code calls} rows of every live node: the sessions of {@code userIds} (every session of the dev_id when
     * null, at most {@code limit} rows), this node's ({@code here}) first. Each other node is asked on its own channel
     * ({@link Control.CallScan}); the statement thread waits at most {@link #QUERY_WAIT} in all, and a node that has
     * not answered by then fails the statement naming it (never a partial answer).
     */
    List<CallLeg> everywhere(int devId, List<Long> userIds, int limit, List<CallLeg> here) {
        long deadline = System.nanoTime() + QUERY_WAIT.toNanos();
        Set<String> live;
        try {
            live = presence.liveNodes().get(QUERY_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            throw new BackendUnavailableException("the calls of other nodes cannot be read: presence did not say which"
                    + " nodes are live within " + QUERY_WAIT.toMillis() + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendUnavailableException("interrupted while asking presence", e);
        }
        Map<String, Long> asked = new TreeMap<>();
        Map<Long, CompletableFuture<Control.Call>> answers = new HashMap<>();
        for (String other : live) {
            if (!other.equals(node)) {
                long id = requests.incrementAndGet();
                asked.put(other, id);
                answers.put(id, request(other, id, new Control.CallScan(devId, other, node, id, userIds, limit)));
            }
        }
        try {
            List<CallLeg> rows = new ArrayList<>(here);
            List<String> silent = new ArrayList<>();
            for (Map.Entry<String, Long> other : asked.entrySet()) {
                try {
                    long left = Math.max(0, deadline - System.nanoTime());
                    Control.CallAnswer answer = (Control.CallAnswer) answers.get(other.getValue())
                            .get(left, TimeUnit.NANOSECONDS);
                    rows.addAll(rows(other.getKey(), answer.rows()));
                } catch (TimeoutException | ExecutionException e) {
                    // not reached (it stopped: no subscriber) or silent: either way its calls are unknown
                    silent.add(other.getKey());
                }
            }
            if (!silent.isEmpty()) {
                throw new BackendUnavailableException("node" + (silent.size() > 1 ? "s " : " ")
                        + String.join(", ", silent) + " did not answer within " + QUERY_WAIT.toMillis()
                        + " ms: the calls of the whole cluster cannot be read", null);
            }
            return rows.size() > limit ? new ArrayList<>(rows.subList(0, limit)) : rows;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendUnavailableException("interrupted while asking the other nodes", e);
        } finally {
            answers.keySet().forEach(pending::remove);
        }
    }

    /**
     * {@code POST /calls/reject} of a session this node does not hold: asks its owner, or every other live node when
     * {@code owner} is null (this node has not heard of it). Completes when the owner took it; fails with the owner's
     * refusal ({@link CallSignalException}, as the owner's own route would answer), with "Unknown sessionID" when
     * every node said it holds no such session, or with {@link BrokerUnavailableException} when no verdict came
     * within {@link #QUERY_WAIT} (a silent node may be the owner). Never blocks.
     */
    CompletableFuture<Void> reject(String owner, int devId, long userId, String signal, String sessionId) {
        CompletableFuture<Set<String>> nodes = owner != null ? CompletableFuture.completedFuture(Set.of(owner))
                : presence.liveNodes().exceptionally(e -> {
                    throw new BrokerUnavailableException("presence did not say which nodes are live: " + e, e);
                });
        return nodes.thenCompose(live -> {
            List<CompletableFuture<Control.Call>> verdicts = new ArrayList<>();
            List<String> asked = new ArrayList<>();
            for (String other : new TreeSet<>(live)) {
                if (!other.equals(node)) {
                    long id = requests.incrementAndGet();
                    asked.add(other);
                    CompletableFuture<Control.Call> verdict = request(other, id,
                            new Control.CallReject(devId, other, node, id, userId, signal));
                    verdict.whenComplete((v, e) -> pending.remove(id)); // also once cancelled: no answer came
                    verdicts.add(verdict);
                }
            }
            return verdict(verdicts, asked, sessionId);
        });
    }

    /**
     * The owner's verdict among those of {@code asked}: the first that is not "no such session"; that when every node
     * said so; unavailable when the others said so but some node could not be reached (it may be the owner).
     */
    private CompletableFuture<Void> verdict(List<CompletableFuture<Control.Call>> verdicts, List<String> asked,
                                            String sessionId) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        AtomicInteger unknown = new AtomicInteger();
        AtomicInteger unreached = new AtomicInteger();
        Runnable settleIfAllSaidNo = () -> {
            if (unknown.get() + unreached.get() == verdicts.size()) {
                result.completeExceptionally(unreached.get() == 0
                        ? new CallSignalException(CallSignalException.Kind.UNKNOWN_SESSION,
                                P2pCalls.UNKNOWN_SESSION, sessionId, "reject")
                        : new BrokerUnavailableException("call " + sessionId + ": " + unreached.get() + " of nodes "
                                + String.join(", ", asked) + " cannot be reached, one of them may hold it", null));
            }
        };
        for (CompletableFuture<Control.Call> verdict : verdicts) {
            verdict.whenComplete((call, failure) -> {
                if (failure instanceof CancellationException) {
                    return;
                }
                if (failure != null) {
                    unreached.incrementAndGet();
                    settleIfAllSaidNo.run();
                    return;
                }
                Control.CallVerdict v = (Control.CallVerdict) call;
                if (v.refusal().isEmpty()) {
                    result.complete(null);
                } else if (v.refusal().equals(CallSignalException.Kind.UNKNOWN_SESSION.name())
                        && v.text().equals(P2pCalls.UNKNOWN_SESSION)) {
                    unknown.incrementAndGet(); // that node holds no such session
                    settleIfAllSaidNo.run();
                } else {
                    // the owner's refusal ("You are not in this call", "to is the sender" …)
                    result.completeExceptionally(new CallSignalException(CallSignalException.Kind.valueOf(
                            v.refusal()), v.text(), sessionId, "reject"));
                }
            });
        }
        settleIfAllSaidNo.run(); // no other node: nobody holds it
        String silent = (asked.size() == 1 ? "node " + asked.get(0) + ", which holds call "
                : "nodes " + String.join(", ", asked) + ", one of which may hold call ") + sessionId;
        ScheduledFuture<?> timeout = calls.schedule(() -> result.completeExceptionally(new BrokerUnavailableException(
                silent + ", did not answer within " + QUERY_WAIT.toMillis() + " ms", null)), QUERY_WAIT);
        result.whenComplete((v, e) -> {
            if (timeout != null) {
                timeout.cancel(false);
            }
            verdicts.forEach(f -> f.cancel(false));
        });
        return result;
    }

    /** Sends request {@code id} ({@code control}) to {@code toNode}; completes with its answer or the send's failure. */
    private CompletableFuture<Control.Call> request(String toNode, long id, Control control) {
        CompletableFuture<Control.Call> answer = new CompletableFuture<>();
        pending.put(id, answer);
        try {
            broker.publishControl(toNode, control).exceptionally(e -> {
                answer.completeExceptionally(e instanceof CompletionException && e.getCause() != null
                        ? e.getCause() : e);
                return null;
            });
        } catch (RuntimeException e) {
            answer.completeExceptionally(e);
        }
        return answer;
    }

    /** Another node's answer to a request of this node. */
    private void answered(String toNode, long requestId, Control.Call answer) {
        CompletableFuture<Control.Call> waiting = toNode.equals(node) ? pending.get(requestId) : null;
        if (waiting != null) {
            waiting.complete(answer);
        }
    }

    /** Answers another node's {@link Control.CallQuery} about a session of this node. */
    private void answer(P2pCalls registry, Control.CallQuery q) {
        int ended = q.hangUp() ? registry.hangUpHere(q.devId(), q.sessionId(), q.userIds()) : 0;
        sender.accept(q.fromNode(), new Control.CallAnswer(q.devId(), q.fromNode(), q.requestId(),
                json(registry.legsHere(q.devId(), q.sessionId())), ended));
    }

    private static String json(List<CallLeg> rows) {
        try {
            return JSON.writeValueAsString(rows);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<CallLeg> rows(String from, String json) {
        try {
            return JSON.readValue(json, ROWS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("node " + from + " answered unreadable rows: " + e.getOriginalMessage());
        }
    }
}
