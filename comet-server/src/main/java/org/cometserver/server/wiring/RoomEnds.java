package org.cometserver.server.wiring;

import org.cometserver.esl.ConferenceControl;
import org.cometserver.esl.conference.ConferenceCommand;
import org.cometserver.server.wiring.FreeswitchRooms.Room;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Ends rooms and tells their pages, on the room's call pipe ({@link RoomChannel}):
 * <ul>
 *   <li>{@code CONFERENCE_ENDING} {@code {"reason":"max_duration","seconds":60}}: a warning before max_duration ends it;</li>
 *   <li>{@code CONFERENCE_ENDED} {@code {"reason":"backend"|"max_duration"|"moderator"}}: sent once, before the
 *   members are kicked (their {@code left} notices follow).</li>
 * </ul>
 * Pages render these events themselves (js-client: {@code phones}' {@code cometVideoApi}); other server state tied to
 * a room listens with {@link RoomEndListener}.
 */
public final class RoomEnds {
    public static final String ENDED = "CONFERENCE_ENDED";
    public static final String ENDING = "CONFERENCE_ENDING";
    private static final Logger log = LoggerFactory.getLogger(RoomEnds.class);

    private final RoomChannel channel;
    /** Null without a FreeSWITCH node. */
    private final ConferenceControl control;
    private final List<RoomEndListener> listeners = new CopyOnWriteArrayList<>();

    RoomEnds(RoomChannel channel, ConferenceControl control) {
        this.channel = channel;
        this.control = control;
    }

    public void addListener(RoomEndListener listener) {
        listeners.add(listener);
    }

    /** Tells the room's pages and the listeners that the room ends; kicks nobody (the caller does). */
    void announce(Room room, String node, RoomEndReason reason) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("reason", reason.wire());
        data.put("room", room.name());
        channel.publish(room, node, ENDED, data);
        for (RoomEndListener listener : listeners) {
            try {
                listener.roomEnded(room.devId(), room.name(), reason);
            } catch (RuntimeException e) {
                log.warn("room end listener failed for room {} of dev {}: {}", room.name(), room.devId(), e.toString());
            }
        }
    }

    /**
     * Announces the end, then {@code conference <name> kick all}. Completes when FreeSWITCH kicked them (a room
     * already gone, {@code -ERR Conference ... not found}, also counts as ended); never blocks.
     */
    CompletableFuture<Void> end(Room room, String node, String conference, RoomEndReason reason) {
        announce(room, node, reason);
        if (control == null) {
            return CompletableFuture.completedFuture(null);
        }
        return control.conferenceCommand(node, ConferenceCommand.KICK_ALL, conference, null)
                .handle((reply, failure) -> {
                    if (failure != null && !String.valueOf(failure.getMessage()).contains("not found")) {
                        log.warn("room {} of dev {} ({} on {}) ended ({}) but kicking its members failed: {}",
                                room.name(), room.devId(), conference, node, reason.wire(), failure.getMessage());
                    }
                    return null;
                });
    }

    /** {@code CONFERENCE_ENDING}: the room ends in {@code seconds}. */
    void warn(Room room, String node, RoomEndReason reason, long seconds) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("reason", reason.wire());
        data.put("room", room.name());
        data.put("seconds", seconds);
        channel.publish(room, node, ENDING, data);
    }
}
