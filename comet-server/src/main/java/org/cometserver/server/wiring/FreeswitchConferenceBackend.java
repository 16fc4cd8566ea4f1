package org.cometserver.server.wiring;

import org.cometserver.cometql.error.CometQlErrors;
import org.cometserver.cometql.error.CometQlException;
import org.cometserver.cometql.spi.ConferenceBackend;
import org.cometserver.esl.ConferenceControl;
import org.cometserver.esl.conference.Conference;
import org.cometserver.esl.conference.ConferenceCommand;
import org.cometserver.esl.conference.ConferenceSnapshot;
import org.cometserver.server.config.FreeswitchNode;
import org.cometserver.server.config.SipSection;
import org.cometserver.server.hub.CometFrames;
import org.cometserver.server.hub.EncodedFrame;
import org.cometserver.server.store.ConferenceStore;
import org.cometserver.server.store.StoredInvitation;
import org.cometserver.server.wiring.FreeswitchRooms.Room;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * {@code conference} invitations exactly as CppComet issues them (docs/CPPCOMET.md §4.2), and
 * {@code conference_members} from the event-socket bridge's live registry (§4.3), which SELECT reads without waiting
 * on FreeSWITCH. DELETE and UPDATE become {@code conference <name> kick|mute|unmute|deaf|undeaf|vmute|unvmute}
 * commands; the statement answers once FreeSWITCH has accepted every one of them, and an error when it refused one,
 * its node is down or it did not answer in time. Runs on the CometQL executor.
 */
public final class FreeswitchConferenceBackend implements ConferenceBackend {
    static final String NO_FREESWITCH = "field in ini file not set option `host` in section `sip`";

    private final SipSection sip;
    private final FreeswitchRooms rooms;
    private final ConferenceStore store;
    private final PrivateMessages privateMessages;
    private final TimeBasedUuid callKeys;
    private final Clock clock;
    private final DialledMembers dialled;
    /** Null when {@code [sip] freeswitch} lists no node. */
    private final ConferenceControl freeswitch;
    private final Supplier<ConferenceSnapshot> snapshot;
    /** How long a statement waits for FreeSWITCH's answers (commands, or an originate that rings). */
    private final Duration commandWait;
    private final Duration dialWait;
    /** Null: rooms end without a notice. */
    private final RoomEnds ends;
    /** Null: dialled phones are not announced to the room. */
    private final ParticipantNotices notices;

    FreeswitchConferenceBackend(SipSection sip, ConferenceStore store, PrivateMessages privateMessages, Clock clock,
                                ConferenceControl freeswitch, Supplier<ConferenceSnapshot> snapshot,
                                Duration commandWait, Duration dialWait) {
        this(sip, store, privateMessages, clock, freeswitch, snapshot, node -> Optional.empty(), commandWait, dialWait,
                null, null);
    }

    /** @param reportedDomain node name → the {@code $${domain}} FreeSWITCH reported (the bridge's {@code domain}) */
    FreeswitchConferenceBackend(SipSection sip, ConferenceStore store, PrivateMessages privateMessages, Clock clock,
                                ConferenceControl freeswitch, Supplier<ConferenceSnapshot> snapshot,
                                Function<String, Optional<String>> reportedDomain, Duration commandWait,
                                Duration dialWait, RoomEnds ends, ParticipantNotices notices) {
        this(sip, store, privateMessages, clock, freeswitch, snapshot, reportedDomain, commandWait, dialWait, ends,
                notices, new DialledMembers(clock));
    }

    /** @param phones the phones in rooms, shared with the room notices ({@link Rooms#phones()}) */
    FreeswitchConferenceBackend(SipSection sip, ConferenceStore store, PrivateMessages privateMessages, Clock clock,
                                ConferenceControl freeswitch, Supplier<ConferenceSnapshot> snapshot,
                                Function<String, Optional<String>> reportedDomain, Duration commandWait,
                                Duration dialWait, RoomEnds ends, ParticipantNotices notices, DialledMembers phones) {
        this.sip = sip;
        this.rooms = new FreeswitchRooms(sip, reportedDomain);
        this.store = store;
        this.privateMessages = privateMessages;
        this.callKeys = new TimeBasedUuid(clock);
        this.clock = clock;
        this.dialled = phones;
        this.freeswitch = freeswitch;
        this.snapshot = snapshot;
        this.commandWait = commandWait;
        this.dialWait = dialWait;
        this.ends = ends;
        this.notices = notices;
    }

    @Override
    public Invitation invite(int devId, InvitationRequest request) {
        if (sip.freeswitch().isEmpty()) {
            throw new CometQlException(CometQlErrors.INTERNAL, NO_FREESWITCH);
        }
        String profile = request.profile() == null || request.profile().isEmpty() ? "default" : request.profile();
        FreeswitchNode node = nodeOf(devId, request.name());
        if (request.dial() != null && !request.dial().isEmpty()) {
            dial(devId, request, node, profile);
        }
        StoredInvitation stored = new StoredInvitation(devId, request.name(), request.userId(), request.callerId(),
                request.message(), profile, node.streamServer(), node.name(), clock.instant().getEpochSecond());
        store.put(stored);
        if (request.dial() != null && !request.dial().isEmpty()) {
            return toInvitation(stored); // the dialled phone is the participant: no browser to invite
        }

        Map<String, Object> sys = new LinkedHashMap<>();
        sys.put("callKey", callKeys.next().toString());
        sys.put("caller_id", request.callerId());
        sys.putAll(CallPipe.joinFields(devId, request.name(), profile, node, sip.pipesalt()));
        sys.put("stream", streamNumber(request.stream()));
        Map<String, Object> data = Map.of("message", request.message(), "sys", sys);
        EncodedFrame frame = CometFrames.privateMessage("sys_sipCall", data);
        // a queued invitation carries the data object's JSON as its message text
        privateMessages.deliver(devId, request.userId(), "sys_sipCall", frame, CometFrames.sorted(data).text());
        return toInvitation(stored);
    }

    /**
     * Beyond CppComet: the {@code dial} column's FreeSWITCH dial string (e.g. {@code sofia/gateway/gw1/+4930123},
     * {@code user/1000}) is originated into the room, with the user's directory name as caller ID (what the callee
     * sees); the answered call is listed in {@code conference_members} under {@code user_id} ({@link DialledMembers}).
     * Waits until FreeSWITCH answers the originate.
     */
    private void dial(int devId, InvitationRequest request, FreeswitchNode node, String profile) {
        CompletableFuture<String> call = dialIntoRoom(devId, request.name(), node, profile, request.userId(),
                request.dial(), request.dial());
        FreeswitchWait.await(List.of(call), dialWait, "dial " + request.dial());
    }

    /**
     * Originates {@code dialString} into the room without waiting (the page's {@code callParticipant} and the
     * {@code dial} column): the room's web participants are told {@code CALL_PARTICIPANT} at once, then
     * {@code _CONNECTED} (the call is then a phone member under {@code userId}) or {@code _FAILED} with the cause
     * ({@link ParticipantNotices}). The room's profile is its invitations' ({@code default} without one).
     */
    CompletableFuture<String> dialIntoRoom(int devId, String room, long userId, String dialString, String number) {
        List<StoredInvitation> invitations = store.get(devId, List.of(room));
        String profile = invitations.isEmpty() ? "default" : invitations.get(0).profile();
        return dialIntoRoom(devId, room, nodeOf(devId, room), profile, userId, dialString, number);
    }

    private CompletableFuture<String> dialIntoRoom(int devId, String room, FreeswitchNode node, String profile,
                                                   long userId, String dialString, String number) {
        String callerId = FreeswitchRooms.directoryUser(devId, userId);
        Room where = new Room(devId, room);
        String conference = conferenceToDialInto(devId, room, node);
        CompletableFuture<String> call;
        if (dialString.startsWith("loopback/")) {
            // our own uuid: the phone is known before FreeSWITCH's add-member event, which can precede the
            // originate's answer (user/ dial strings may ring several registrations: one uuid would refuse the others)
            UUID uuid = UUID.randomUUID();
            dialled.dialled(uuid.toString(), userId, number);
            call = control().dial(node.name(), conference, profile, dialString, callerId, callerId, uuid);
        } else {
            call = control().dial(node.name(), conference, profile, dialString, callerId, callerId);
        }
        if (notices != null) {
            notices.dialling(where, node.name(), number, userId);
        }
        return call.whenComplete((uuid, failure) -> {
            if (failure == null) {
                dialled.dialled(uuid, userId, number);
                if (notices != null) {
                    notices.connected(where, node.name(), number, userId, uuid);
                }
            } else if (notices != null) {
                notices.failed(where, node.name(), number, userId, failure);
            }
        });
    }

    /**
     * The conference the browsers of this room are in, when it is live: its name carries the domain FreeSWITCH's
     * dialplan chose (with CppComet's {@code ${domain_name}} dialplan, the host the browser dialled). Otherwise the
     * name the node's domain gives, which freeswitch-conf's {@code $${domain}} dialplan also builds.
     */
    private String conferenceToDialInto(int devId, String room, FreeswitchNode node) {
        if (snapshot != null) {
            for (Conference conference : snapshot.get().conferences()) {
                if (conference.node().equals(node.name()) && new Room(devId, room).equals(rooms.room(node.name(), conference.name()))) {
                    return conference.name();
                }
            }
        }
        return rooms.conferenceName(node, devId, room).orElseThrow(() -> new CometQlException(CometQlErrors.INTERNAL,
                "cannot dial " + node.name() + ": FreeSWITCH has not reported its domain yet (node not connected) and"
                        + " its [sip] freeswitch entry has no Domain="));
    }

    /**
     * CppComet's node choice (§4.2 step 3): {@code dev_id*1000000 + Σ byte(name[i])*10*i} modulo the node count.
     * Bytes are signed as C {@code char} is on x86; the sum is kept in a long and reduced with a non-negative
     * modulo, where CppComet's int could overflow.
     */
    static int nodeIndex(int devId, String name, int nodes) {
        long n = devId * 1_000_000L;
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            n += bytes[i] * 10L * i;
        }
        return (int) Math.floorMod(n, (long) nodes);
    }

    private FreeswitchNode nodeOf(int devId, String room) {
        return sip.freeswitch().get(nodeIndex(devId, room, sip.freeswitch().size()));
    }

    /** CppComet: {@code stream} is read as a number, 0 when absent or not numeric (§4.2). */
    private static long streamNumber(String stream) {
        if (stream == null || !stream.matches("-?\\d{1,18}")) {
            return 0;
        }
        return Long.parseLong(stream);
    }

    @Override
    public List<Invitation> invitations(int devId, Collection<String> names) {
        return store.get(devId, names).stream().map(FreeswitchConferenceBackend::toInvitation).toList();
    }

    @Override
    public List<Invitation> allInvitations(int devId, int limit) {
        return store.all(devId, limit).stream().map(FreeswitchConferenceBackend::toInvitation).toList();
    }

    /**
     * Kicks the users' live members first: when FreeSWITCH refuses, the invitations stay. Deleting every invitation of
     * a live room ends it: its pages get {@code CONFERENCE_ENDED} with reason {@code backend} ({@link RoomEnds}) first.
     */
    @Override
    public int deleteInvitations(int devId, String name, Collection<Long> userIds) {
        if (freeswitch != null) {
            List<LiveMember> live = live(devId, name, userIds);
            if (!live.isEmpty()) {
                if (userIds == null && ends != null) {
                    ends.announce(new Room(devId, name), live.get(0).node(), RoomEndReason.BACKEND);
                }
                command(live, ConferenceCommand.KICK);
            }
        }
        return store.delete(devId, name, userIds);
    }

    @Override
    public List<Member> members(int devId, Collection<String> names) {
        Set<String> wanted = Set.copyOf(names);
        return liveMembers(devId, wanted::contains, Integer.MAX_VALUE);
    }

    @Override
    public List<Member> allMembers(int devId, int limit) {
        return liveMembers(devId, name -> true, limit);
    }

    @Override
    public int kickMembers(int devId, String name, Collection<Long> userIds) {
        List<LiveMember> live = live(devId, name, userIds);
        command(live, ConferenceCommand.KICK);
        return live.size();
    }

    @Override
    public int updateMembers(int devId, String name, Collection<Long> userIds, MemberChanges changes) {
        List<LiveMember> live = live(devId, name, userIds);
        if (changes.muted() != null) {
            command(live, changes.muted() ? ConferenceCommand.MUTE : ConferenceCommand.UNMUTE);
        }
        if (changes.deaf() != null) {
            command(live, changes.deaf() ? ConferenceCommand.DEAF : ConferenceCommand.UNDEAF);
        }
        if (changes.videoMuted() != null) {
            command(live, changes.videoMuted() ? ConferenceCommand.VMUTE : ConferenceCommand.UNVMUTE);
        }
        if (Boolean.TRUE.equals(changes.floor())) {
            command(live, ConferenceCommand.VID_FLOOR); // one floor: of several members, the last one keeps it
        }
        return live.size();
    }

    /** A registry member with the room and user it belongs to, its kind and number. */
    private record LiveMember(String room, long userId, String kind, String number,
                              org.cometserver.esl.conference.Member member) {
        String node() {
            return member.node();
        }

        String conference() {
            return member.conference();
        }

        int memberId() {
            return member.memberId();
        }
    }

    private interface MemberCommand {
        CompletableFuture<Void> send(LiveMember member);
    }

    private List<Member> liveMembers(int devId, Predicate<String> roomWanted, int limit) {
        List<Member> rows = new ArrayList<>();
        for (LiveMember m : allLive(devId)) {
            if (rows.size() >= limit) {
                break;
            }
            if (roomWanted.test(m.room())) {
                rows.add(toRow(m));
            }
        }
        return rows;
    }

    /** Live members of {@code room} of these users (all when null). */
    private List<LiveMember> live(int devId, String room, Collection<Long> userIds) {
        if (freeswitch == null) {
            throw new CometQlException(CometQlErrors.INTERNAL, NO_FREESWITCH);
        }
        return allLive(devId).stream()
                .filter(m -> m.room().equals(room) && (userIds == null || userIds.contains(m.userId())))
                .toList();
    }

    private List<LiveMember> allLive(int devId) {
        if (freeswitch == null) {
            return List.of();
        }
        List<LiveMember> live = new ArrayList<>();
        ConferenceSnapshot current = snapshot.get();
        dialled.forgetGone(current);
        for (Conference conference : current.conferences()) {
            Room room = rooms.room(conference.node(), conference.name());
            if (room == null || room.devId() != devId) {
                continue;
            }
            for (org.cometserver.esl.conference.Member member : conference.members()) {
                live.add(live(room, member));
            }
        }
        return live;
    }

    private LiveMember live(Room room, org.cometserver.esl.conference.Member member) {
        MemberKinds.Identity who = MemberKinds.of(room.devId(), member, dialled);
        return new LiveMember(room.name(), who.userId(), who.kind(), who.number(), member);
    }

    /** Tells the room's pages that {@code userId}'s leg failed ICE ({@link ParticipantNotices#iceFailed}). */
    void iceFailed(int devId, String room, long userId) {
        if (notices != null && !sip.freeswitch().isEmpty()) {
            notices.iceFailed(new Room(devId, room), nodeOf(devId, room).name(), userId);
        }
    }

    /** False when {@code [sip] freeswitch} lists no node. */
    boolean hasFreeswitch() {
        return freeswitch != null;
    }

    /** The phones this backend dialled, and PIN callers the dial-in lookup let in. */
    DialledMembers phones() {
        return dialled;
    }

    private Member toRow(LiveMember m) {
        org.cometserver.esl.conference.Member member = m.member();
        Instant now = clock.instant();
        return new Member(m.room(), m.userId(), secondsSince(member.joinedAt(), now),
                member.talking() ? 0 : secondsSince(member.lastTalkingAt(), now), Integer.toString(member.memberId()), member.muted(),
                member.deaf(), member.talking(), member.hasVideo(), member.videoMuted(), member.node(), member.hasFloor(),
                m.kind(), m.number());
    }

    /**
     * CppComet: join_time and last_talking are FreeSWITCH's xml_list figures, seconds since the member joined and
     * since it last talked (0 while talking, and when it never talked).
     */
    private static long secondsSince(Instant instant, Instant now) {
        return instant == null ? 0 : Math.max(0, Duration.between(instant, now).toSeconds());
    }

    /** {@code command} (through the bridge's command table) on every member; the first refusal becomes the ERR. */
    private void command(List<LiveMember> members, ConferenceCommand command) {
        command(members, m -> control().conferenceCommand(m.node(), command, m.conference(), m.memberId()), command.verb());
    }

    private void command(List<LiveMember> members, MemberCommand command, String what) {
        List<CompletableFuture<?>> sent = new ArrayList<>(members.size());
        for (LiveMember member : members) {
            sent.add(command.send(member));
        }
        FreeswitchWait.await(sent, commandWait, what);
    }

    private ConferenceControl control() {
        if (freeswitch == null) {
            throw new CometQlException(CometQlErrors.INTERNAL, NO_FREESWITCH);
        }
        return freeswitch;
    }

    private static Invitation toInvitation(StoredInvitation i) {
        return new Invitation(i.name(), i.userId(), i.callerId(), i.message(), i.profile(), i.stream(), i.node(),
                i.time());
    }
}
