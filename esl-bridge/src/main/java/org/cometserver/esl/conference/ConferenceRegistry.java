package org.cometserver.esl.conference;

import org.cometserver.esl.NodeHealth;
import org.cometserver.esl.codec.EslEvent;
import org.cometserver.esl.spi.ConferenceListener;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;

/**
 * The live conferences of every node, fed by {@code conference::maintenance} events and replaced per node by a
 * {@code json_list} resync. Writers (the nodes' event loops) serialise on a lock and only touch memory; readers get the
 * last immutable {@link ConferenceSnapshot} from a volatile field and never wait. Listener calls are computed under the
 * lock (so they are in event order) and run on the notifier's executor.
 * <p>
 * Actions handled (names as recorded from FreeSWITCH 1.10.12): {@code conference-create}, {@code conference-destroy},
 * {@code del-member}, {@code floor-change} ({@code New-ID}, {@code none} = nobody), {@code start-talking},
 * {@code stop-talking}; every other action carrying a {@code Member-ID} ({@code add-member}, {@code mute-member},
 * {@code unmute-member}, {@code deaf-member}, {@code undeaf-member}, {@code vmute-member}, {@code unvmute-member},
 * {@code hold-member}, {@code kick-member}, {@code energy-level-member}, ...) refreshes the member from its
 * {@code Speak}/{@code Hear}/{@code See}/{@code Video}/{@code Talking}/{@code Floor} headers, adding it if unknown.
 * {@code play-file}, {@code lock}, recordings and other conference-level actions change nothing here; create,
 * destroy, lock, unlock and start/stop-recording are passed on to {@link ConferenceListener#conferenceAction}.
 */
public final class ConferenceRegistry {

    public static final String MAINTENANCE = "conference::maintenance";

    private final Clock clock;
    private final SerialNotifier notifier;
    private final List<ConferenceListener> listeners = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();
    /** node → conference name → conference; the inner maps and conferences are never mutated once published. */
    private final Map<String, Map<String, Conference>> nodes = new TreeMap<>();
    private volatile ConferenceSnapshot snapshot;

    public ConferenceRegistry(Executor listenerExecutor, Clock clock) {
        this.clock = clock;
        this.notifier = new SerialNotifier("conference listeners", listenerExecutor);
        this.snapshot = new ConferenceSnapshot(List.of(), clock.instant());
    }

    public void addListener(ConferenceListener listener) {
        listeners.add(Objects.requireNonNull(listener));
    }

    public void removeListener(ConferenceListener listener) {
        listeners.remove(listener);
    }

    /** The current state; never blocks and never asks FreeSWITCH. */
    public ConferenceSnapshot snapshot() {
        return snapshot;
    }

    public void nodeHealthChanged(NodeHealth health) {
        notifier.submit(() -> listeners.forEach(l -> l.nodeHealthChanged(health)));
    }

    /** Applies one event of {@code node}; events other than {@code CUSTOM conference::maintenance} are ignored. */
    public void apply(String node, EslEvent event) {
        if (!event.is(EslEvent.CUSTOM, MAINTENANCE)) {
            return;
        }
        String name = event.get("Conference-Name");
        String action = event.get("Action");
        if (name == null || action == null) {
            return;
        }
        Instant at = eventTime(event);
        synchronized (lock) {
            Map<String, Conference> confs = nodes.computeIfAbsent(node, n -> new HashMap<>());
            Conference before = confs.get(name);
            Conference after = switch (action) {
                case "conference-create" -> before != null ? before : emptyConference(node, name, event);
                case "conference-destroy" -> null;
                case "del-member" -> before == null ? null : without(before, memberId(event));
                case "floor-change" -> before == null ? null : withFloor(before, event.get("New-ID"));
                default -> memberId(event) < 0 ? before : withMember(before != null ? before : emptyConference(node, name, event),
                        event, action, at);
            };
            if (after == null) {
                confs.remove(name);
            } else {
                confs.put(name, after);
            }
            if (CONFERENCE_ACTIONS.contains(action)) {
                ConferenceAction notice = conferenceAction(node, name, action, event, at);
                if (!action.equals(ConferenceAction.DESTROY)) {
                    notifier.submit(() -> listeners.forEach(l -> l.conferenceAction(notice)));
                }
                notifyDiff(before == null ? List.of() : before.members(), after == null ? List.of() : after.members());
                if (action.equals(ConferenceAction.DESTROY)) { // after its members left
                    notifier.submit(() -> listeners.forEach(l -> l.conferenceAction(notice)));
                }
            } else {
                notifyDiff(before == null ? List.of() : before.members(), after == null ? List.of() : after.members());
            }
            publish();
        }
    }

    private static final Set<String> CONFERENCE_ACTIONS = Set.of(ConferenceAction.CREATE,
            ConferenceAction.DESTROY, ConferenceAction.START_RECORDING, ConferenceAction.STOP_RECORDING, "lock",
            "unlock");

    private static ConferenceAction conferenceAction(String node, String name, String action, EslEvent event,
                                                     Instant at) {
        long size = -1;
        String sizeHeader = event.get("Record-File-Size");
        if (sizeHeader != null && sizeHeader.matches("[0-9]{1,18}")) {
            size = Long.parseLong(sizeHeader);
        }
        return new ConferenceAction(node, name, action, recordingPath(event.get("Path")), size, event.get("Error"), at);
    }

    /** A video-mux room's recorder puts its variables before the path: {@code {channels=2,...}/rec/x.wav} (recording 20). */
    static String recordingPath(String path) {
        if (path != null && path.startsWith("{")) {
            int close = path.indexOf('}');
            return close < 0 ? path : path.substring(close + 1);
        }
        return path;
    }

    /** Replaces everything known about {@code node} with {@code conferences} (a resync), telling listeners what differs. */
    public void replaceNode(String node, List<Conference> conferences) {
        synchronized (lock) {
            Map<String, Conference> old = nodes.getOrDefault(node, Map.of());
            Map<String, Conference> fresh = new HashMap<>();
            for (Conference c : conferences) {
                Conference previous = old.get(c.name());
                fresh.put(c.name(), previous == null ? c : keepKnownTimes(previous, c));
            }
            List<Member> before = old.values().stream().flatMap(c -> c.members().stream()).toList();
            List<Member> after = fresh.values().stream().flatMap(c -> c.members().stream()).toList();
            nodes.put(node, fresh);
            notifyDiff(before, after);
            publish();
        }
    }

    private Conference emptyConference(String node, String name, EslEvent event) {
        return new Conference(node, name, event.get("Conference-Unique-ID"), event.get("Conference-Profile-Name"), List.of());
    }

    private static Conference without(Conference conference, int memberId) {
        return new Conference(conference.node(), conference.name(), conference.uuid(), conference.profile(),
                conference.members().stream().filter(m -> m.memberId() != memberId).toList());
    }

    private static Conference withFloor(Conference conference, String newId) {
        int holder = parseId(newId);
        return new Conference(conference.node(), conference.name(), conference.uuid(), conference.profile(),
                conference.members().stream().map(m -> m.withFloor(m.memberId() == holder)).toList());
    }

    private static Conference withMember(Conference conference, EslEvent event, String action, Instant at) {
        int id = memberId(event);
        String uuid = event.get("Unique-ID");
        Member previous = conference.member(id).filter(p -> uuid == null || uuid.equals(p.uuid())).orElse(null);
        boolean talking = switch (action) {
            case "start-talking" -> true;
            case "stop-talking" -> false;
            default -> "true".equals(event.get("Talking"));
        };
        Instant lastTalking = action.endsWith("-talking") ? at : previous == null ? null : previous.lastTalkingAt();
        Member updated = new Member(conference.node(), conference.name(), id,
                uuid != null ? uuid : previous == null ? null : previous.uuid(),
                event.headers().getOrDefault("Caller-Caller-ID-Number", previous == null ? null : previous.callerIdNumber()),
                event.headers().getOrDefault("Caller-Caller-ID-Name", previous == null ? null : previous.callerIdName()),
                previous == null ? at : previous.joinedAt(),
                lastTalking,
                "false".equals(event.get("Speak")),
                "false".equals(event.get("Hear")),
                talking,
                "true".equals(event.get("Video")),
                "false".equals(event.get("See")),
                "true".equals(event.get("Floor")));
        List<Member> members = new ArrayList<>(conference.members());
        members.removeIf(m -> m.memberId() == id);
        members.add(updated);
        members.sort(Comparator.comparingInt(Member::memberId));
        return new Conference(conference.node(), conference.name(), conference.uuid(), conference.profile(), members);
    }

    /** json_list counts in whole seconds; a member we already followed through events keeps its precise times. */
    private static Conference keepKnownTimes(Conference previous, Conference fresh) {
        List<Member> members = fresh.members().stream().map(m -> previous.member(m.memberId())
                .filter(p -> Objects.equals(p.uuid(), m.uuid()))
                .map(p -> m.withTimes(p.joinedAt(), later(p.lastTalkingAt(), m.lastTalkingAt())))
                .orElse(m)).toList();
        return new Conference(fresh.node(), fresh.name(), fresh.uuid(),
                fresh.profile() != null ? fresh.profile() : previous.profile(), members);
    }

    private static Instant later(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        // json_list's seconds are truncated: a value within a second of the event's is the same moment.
        return b.isAfter(a.plusSeconds(1)) ? b : a;
    }

    private void notifyDiff(List<Member> before, List<Member> after) {
        if (listeners.isEmpty()) {
            return;
        }
        Map<String, Member> old = new LinkedHashMap<>();
        before.forEach(m -> old.put(key(m), m));
        for (Member m : after) {
            Member previous = old.remove(key(m));
            if (previous == null) {
                notifier.submit(() -> listeners.forEach(l -> l.memberJoined(m)));
            } else if (!previous.equals(m)) {
                notifier.submit(() -> listeners.forEach(l -> l.memberChanged(previous, m)));
            }
        }
        for (Member gone : old.values()) {
            notifier.submit(() -> listeners.forEach(l -> l.memberLeft(gone)));
        }
    }

    /**
     * Identity of a member for notices. The channel uuid is part of it: member ids restart at 1 when FreeSWITCH restarts,
     * so "member 5" seen again with another call is somebody else (left + joined, not changed).
     */
    private static String key(Member m) {
        return m.node() + '\u0000' + m.conference() + '\u0000' + m.memberId() + '\u0000' + m.uuid();
    }

    private void publish() {
        List<Conference> all = new ArrayList<>();
        nodes.values().forEach(confs -> all.addAll(confs.values()));
        all.sort(Comparator.comparing(Conference::node).thenComparing(Conference::name));
        snapshot = new ConferenceSnapshot(all, clock.instant());
    }

    private Instant eventTime(EslEvent event) {
        String micros = event.get("Event-Date-Timestamp");
        if (micros != null) {
            try {
                long us = Long.parseLong(micros);
                return Instant.ofEpochSecond(us / 1_000_000, (us % 1_000_000) * 1_000);
            } catch (NumberFormatException ignored) {
                // fall through to our clock
            }
        }
        return clock.instant();
    }

    private static int memberId(EslEvent event) {
        return parseId(event.get("Member-ID"));
    }

    private static int parseId(String value) {
        if (value == null) {
            return -1;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
