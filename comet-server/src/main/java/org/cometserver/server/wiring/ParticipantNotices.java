package org.cometserver.server.wiring;

import org.cometserver.esl.EslCommandException;
import org.cometserver.esl.conference.Member;
import org.cometserver.esl.spi.ConferenceListener;
import org.cometserver.server.wiring.FreeswitchRooms.Room;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;

/**
 * Tells a room's web participants about the phones called into it (Voximplant's events, seed 001): on the room's call
 * pipe ({@link RoomChannel}), {@code CALL_PARTICIPANT} when the call starts, {@code CALL_PARTICIPANT_CONNECTED} when
 * the phone answered and joined, {@code CALL_PARTICIPANT_FAILED} with FreeSWITCH's {@code cause} when it did not,
 * {@code CALL_PARTICIPANT_DISCONNECTED} when it left. Data: {@code {"type":<event>,"number","user_id"[,"cause"]}}
 * ({@code user_id} who dialled). Listens to the bridge for the leaving; runs on the bridge's callback executor, and
 * for the first notice on the caller's thread ({@link RoomChannel} is synchronised).
 */
final class ParticipantNotices implements ConferenceListener {
    static final String DIALLING = "CALL_PARTICIPANT";
    static final String CONNECTED = "CALL_PARTICIPANT_CONNECTED";
    static final String FAILED = "CALL_PARTICIPANT_FAILED";
    static final String DISCONNECTED = "CALL_PARTICIPANT_DISCONNECTED";
    static final String ICE_FAILED = "ICE_FAILED";
    /** Bound on phones in rooms followed for their leaving; beyond it the oldest is no longer followed. */
    private static final int MAX_FOLLOWED = 20_000;

    private record Call(Room room, String node, String number, long userId) {
    }

    private final RoomChannel channel;
    /** Connected calls by channel uuid, until they leave. */
    private final Map<String, Call> connected = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Call> eldest) {
            return size() > MAX_FOLLOWED;
        }
    };

    ParticipantNotices(RoomChannel channel) {
        this.channel = channel;
    }

    void dialling(Room room, String node, String number, long userId) {
        channel.publish(room, node, DIALLING, data(DIALLING, number, userId));
    }

    void connected(Room room, String node, String number, long userId, String uuid) {
        synchronized (connected) {
            connected.put(uuid, new Call(room, node, number, userId));
        }
        channel.publish(room, node, CONNECTED, data(CONNECTED, number, userId));
    }

    void failed(Room room, String node, String number, long userId, Throwable failure) {
        Map<String, Object> data = data(FAILED, number, userId);
        data.put("cause", cause(failure));
        channel.publish(room, node, FAILED, data);
    }

    /** A page's conference leg failed ICE after its restart (Voximplant's ICE_FAILED). */
    void iceFailed(Room room, String node, long userId) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("type", ICE_FAILED);
        data.put("user_id", userId);
        channel.publish(room, node, ICE_FAILED, data);
    }

    /**
     * FreeSWITCH's hangup cause ({@code -ERR USER_BUSY} → {@code USER_BUSY}); {@code TIMEOUT} when it did not answer
     * in time, {@code NODE_DOWN} when the node was not reachable.
     */
    static String cause(Throwable failure) {
        Throwable f = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (f instanceof EslCommandException refused) {
            String text = refused.reply() == null ? "" : refused.reply().strip();
            String cause = text.startsWith("-ERR") ? text.substring(4).strip() : text;
            return cause.isEmpty() ? "UNKNOWN" : cause.split("\\s+")[0];
        }
        if (f instanceof java.util.concurrent.TimeoutException) {
            return "TIMEOUT";
        }
        if (f instanceof org.cometserver.esl.NodeDownException) {
            return "NODE_DOWN";
        }
        return "UNKNOWN";
    }

    private static Map<String, Object> data(String type, String number, long userId) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("type", type);
        data.put("number", number);
        data.put("user_id", userId);
        return data;
    }

    @Override
    public void memberJoined(Member member) {
    }

    @Override
    public void memberLeft(Member member) {
        Call call;
        synchronized (connected) {
            call = connected.remove(member.uuid());
        }
        if (call != null) {
            channel.publish(call.room(), call.node(), DISCONNECTED, data(DISCONNECTED, call.number(), call.userId()));
        }
    }

    @Override
    public void memberChanged(Member before, Member after) {
    }
}
