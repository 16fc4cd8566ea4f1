package org.cometserver.server.broker;

import java.util.List;

/** A command every node carries out on its own connections and caches. */
public sealed interface Control {
    int devId();

    /** Close every connection of the user ({@code DELETE FROM users_auth}, a revoked token). */
    record DisconnectUser(int devId, long userId, int code, String reason) implements Control {
    }

    /**
     * A message was just put in the user's offline queue: a node holding a connection of his replays what it has not
     * (the connection may have read the queue before the write landed).
     */
    record QueueChanged(int devId, long userId) implements Control {
    }

    /** {@code pipes_settings} of these channels changed: drop what is cached of them. */
    record PipeSettingsChanged(int devId, List<String> channels) implements Control {
    }

    /**
     * A phone joins (or is about to join) a room on FreeSWITCH channel {@code uuid}, dialled for user {@code userId}
     * (0 for a PIN caller) with {@code number}: every node lists it so in {@code conference_members} and the room's
     * notices, as the node that dialled it or let it in does (docs/CLUSTER.md "Conferences").
     */
    record PhoneInRoom(int devId, String uuid, long userId, String number) implements Control {
    }

    /**
     * P2P call routing between nodes (docs/CALLS.md "Several nodes"): a session lives on its caller's node (the
     * owner); the others forward their connections' signals to it and write the frames it sends them. Those addressed
     * to one node ({@code toNode}) travel on that node's own channel ({@link Broker#publishControl(String, Control)});
     * the others reach every node.
     */
    sealed interface Call extends Control {
    }

    /** Session {@code sessionId} now lives on {@code owner} ({@code live}), or was forgotten there. */
    record CallSession(int devId, String sessionId, String owner, boolean live) implements Call {
    }

    /**
     * A signal a connection of {@code fromNode} sent (its JSON as received), for the session's owner {@code toNode};
     * {@code connectionId} empty for {@code POST /calls/reject}.
     */
    record CallSignal(int devId, String toNode, String fromNode, String connectionId, long userId, String signal)
            implements Call {
    }

    /** The connection of {@code fromNode} that spoke in sessions of {@code toNode} closed. */
    record CallDisconnected(int devId, String toNode, String fromNode, String connectionId) implements Call {
    }

    /** A frame (UTF-8 JSON) for one connection of {@code toNode}, one that sent a {@link CallSignal}. */
    record CallFrame(int devId, String toNode, String connectionId, String frame) implements Call {
    }

    /**
     * A frame for every connection of the user on every node but one ({@code exceptNode}, {@code exceptConnection}):
     * the user's other devices stop ringing.
     */
    record CallUserFrame(int devId, long userId, String exceptNode, String exceptConnection, String frame)
            implements Call {
    }

    /**
     * A {@code calls} statement on {@code fromNode} about session {@code sessionId}, which {@code toNode} owns: its
     * rows ({@code hangUp} false), or {@code DELETE} of the legs of {@code userIds} (every leg when null).
     */
    record CallQuery(int devId, String toNode, String fromNode, long requestId, String sessionId, boolean hangUp,
                     List<Long> userIds) implements Call {
    }

    /**
     * A {@code calls} statement on {@code fromNode} reading every node's sessions: {@code toNode}'s rows of the
     * sessions of {@code userIds} (every session of the dev_id when null, at most {@code limit} rows).
     */
    record CallScan(int devId, String toNode, String fromNode, long requestId, List<Long> userIds, int limit)
            implements Call {
    }

    /**
     * {@code POST /calls/reject} on {@code fromNode} for a session {@code toNode} may own: the reject signal (JSON)
     * of user {@code userId}, answered by a {@link CallVerdict}.
     */
    record CallReject(int devId, String toNode, String fromNode, long requestId, long userId, String signal)
            implements Call {
    }

    /**
     * {@code toNode}'s answer to a {@link CallReject}: {@code refusal} empty when taken, else the name of the
     * {@code CallSignalException.Kind} with its {@code text}.
     */
    record CallVerdict(int devId, String toNode, long requestId, String refusal, String text) implements Call {
    }

    /** The owner's answer to a {@link CallQuery}: the rows (a JSON array) and how many legs it ended. */
    record CallAnswer(int devId, String toNode, long requestId, String rows, int ended) implements Call {
    }

    /** Presence dropped {@code node} (it stopped heartbeating): its connections left every call. */
    record NodeLost(int devId, String node) implements Call {
    }
}
