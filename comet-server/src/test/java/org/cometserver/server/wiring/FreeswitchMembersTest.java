package org.cometserver.server.wiring;

import org.cometserver.cometql.error.CometQlException;
import org.cometserver.cometql.spi.ConferenceBackend.InvitationRequest;
import org.cometserver.cometql.spi.ConferenceBackend.Member;
import org.cometserver.cometql.spi.ConferenceBackend.MemberChanges;
import org.cometserver.esl.ConferenceControl;
import org.cometserver.esl.conference.ConferenceCommand;
import org.cometserver.esl.EslCommandException;
import org.cometserver.esl.NodeDownException;
import org.cometserver.esl.conference.Conference;
import org.cometserver.esl.conference.ConferenceSnapshot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code conference_members} over the bridge's registry and {@link ConferenceControl}: rooms and users read back
 * from FreeSWITCH's names, statements turned into member commands, FreeSWITCH's refusals into errors.
 */
class FreeswitchMembersTest {
    private static final String NODE = "fs.example.com:7443";
    private static final String ONE_NODE = """
            [sip]
            freeswitch = []Server=fs1.local,Pwd=x,Port=8021,WSport=7443,WShost=fs.example.com,Domain=FSdefaultDomain
            """;
    private static final Instant JOINED = Instant.ofEpochSecond(WiringFixture.NOW - 100);
    private static final Instant LAST_TALKED = Instant.ofEpochSecond(WiringFixture.NOW - 5);

    @TempDir
    Path dir;
    private WiringFixture fixture;
    private final FakeControl control = new FakeControl();
    private ConferenceSnapshot snapshot;
    private FreeswitchConferenceBackend conferences;

    @BeforeEach
    void setUp() {
        fixture = new WiringFixture(dir, ONE_NODE);
        snapshot = new ConferenceSnapshot(List.of(
                new Conference(NODE, "0*101-FSdefaultDomain", "c1", "video", List.of(
                        member("0*101-FSdefaultDomain", 7, "0000002", "0000002", true),
                        member("0*101-FSdefaultDomain", 8, "1003", "0000003", false),
                        member("0*101-FSdefaultDomain", 9, "+4930123", "Outbound Call", false))),
                new Conference(NODE, "5*101-FSdefaultDomain", "c2", "video", List.of(
                        member("5*101-FSdefaultDomain", 10, "0000052", "0000052", false))),
                new Conference(NODE, "0*101-elsewhere", "c3", null, List.of(
                        member("0*101-elsewhere", 11, "0000004", "0000004", false)))), JOINED);
        PrivateMessages privateMessages = fixture.publisher.privateMessages();
        conferences = new FreeswitchConferenceBackend(fixture.config.sip(), fixture.store.conferences(),
                privateMessages, fixture.clock, control, () -> snapshot, Duration.ofSeconds(2), Duration.ofSeconds(2));
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    @Test
    void membersAreTheRoomsOfThisDevWithTheirDirectoryUsers() {
        // join_time and last_talking: seconds since, as FreeSWITCH's xml_list (CppComet's source); 0 while talking
        assertEquals(List.of(
                new Member("101", 2, 100, 0, "7", false, false, true, false, false, NODE, "web", ""),
                new Member("101", 3, 100, 5, "8", false, false, false, false, false, NODE, "web", ""),
                new Member("101", 0, 100, 5, "9", false, false, false, false, false, NODE, "sip", "+4930123")),
                conferences.members(0, List.of("101")));
        assertEquals(List.of(), conferences.members(0, List.of("102")));
        assertEquals(1, conferences.allMembers(5, 10).size());
        assertEquals(2, conferences.allMembers(0, 2).size());
    }

    @Test
    void kickAndUpdateSendMemberCommands() {
        assertEquals(1, conferences.kickMembers(0, "101", List.of(3L)));
        assertEquals(List.of("kick " + NODE + " 0*101-FSdefaultDomain 8"), control.sent);
        control.sent.clear();
        assertEquals(2, conferences.updateMembers(0, "101", List.of(2L, 3L), new MemberChanges(true, null, false)));
        assertEquals(List.of("mute " + NODE + " 0*101-FSdefaultDomain 7", "mute " + NODE + " 0*101-FSdefaultDomain 8",
                "unvmute " + NODE + " 0*101-FSdefaultDomain 7", "unvmute " + NODE + " 0*101-FSdefaultDomain 8"),
                control.sent);
        assertEquals(0, conferences.kickMembers(0, "101", List.of(99L)));
    }

    @Test
    void refusalsAndDownNodesAreErrors() {
        control.failure = new EslCommandException(NODE, "conference 0*101-FSdefaultDomain kick 8",
                "-ERR Non-Existant ID 8");
        CometQlException refused = assertThrows(CometQlException.class,
                () -> conferences.kickMembers(0, "101", List.of(3L)));
        assertEquals("FreeSWITCH " + NODE + " refused kick: -ERR Non-Existant ID 8", refused.getMessage());
        control.failure = new NodeDownException(NODE, "connection refused");
        CometQlException down = assertThrows(CometQlException.class,
                () -> conferences.updateMembers(0, "101", null, new MemberChanges(null, true, null)));
        assertEquals("cannot deaf: FreeSWITCH node " + NODE + " down: connection refused", down.getMessage());
        control.failure = null;
        control.silent = true;
        CometQlException timeout = assertThrows(CometQlException.class,
                () -> conferences.kickMembers(0, "101", List.of(2L)));
        assertEquals("FreeSWITCH did not answer kick within 2 s", timeout.getMessage());
    }

    @Test
    void deletingAnInvitationKicksTheLiveMemberFirst() {
        conferences.invite(0, new InvitationRequest("101", 2, 2, "{}", "video", "", ""));
        control.failure = new NodeDownException(NODE, "connection refused");
        assertThrows(CometQlException.class, () -> conferences.deleteInvitations(0, "101", List.of(2L)));
        assertEquals(1, conferences.invitations(0, List.of("101")).size(), "kept when the kick failed");
        control.failure = null;
        assertEquals(1, conferences.deleteInvitations(0, "101", List.of(2L)));
        assertEquals(List.of("kick " + NODE + " 0*101-FSdefaultDomain 7", "kick " + NODE + " 0*101-FSdefaultDomain 7"),
                control.sent);
    }

    @Test
    void dialColumnOriginatesIntoTheRoomAsTheUser() {
        conferences.invite(0, new InvitationRequest("101", 42, 0, "{}", "audio", "", "sofia/gateway/gw1/+4930123"));
        assertEquals(List.of("dial " + NODE + " 0*101-FSdefaultDomain audio sofia/gateway/gw1/+4930123 00000042"),
                control.sent);
    }

    /** Issue #9: FreeSWITCH shows a dialled call under the callee's caller id; it is listed under the row's user. */
    @Test
    void aDialledMemberIsListedAndKickedUnderTheUserOfItsRow() {
        control.dialledUuid = "uuid-9"; // member 9: "+4930123" / "Outbound Call", no user of its own
        conferences.invite(0, new InvitationRequest("101", 42, 0, "{}", "audio", "", "sofia/gateway/gw1/+4930123"));
        Member phone = conferences.members(0, List.of("101")).get(2);
        assertEquals(42, phone.userId());
        assertEquals("phone", phone.kind());
        assertEquals("sofia/gateway/gw1/+4930123", phone.number());
        control.sent.clear();
        assertEquals(1, conferences.kickMembers(0, "101", List.of(42L)));
        assertEquals(List.of("kick " + NODE + " 0*101-FSdefaultDomain 9"), control.sent);
    }

    /** Issue #9: a CppComet 4.09 line (no Domain=): the dial joins the browsers' conference, whatever its domain. */
    @Test
    void withoutDomainTheDialJoinsTheRoomsConferenceOrUsesTheReportedDomain() {
        Map<String, String> reported = new HashMap<>();
        try (WiringFixture cpp = new WiringFixture(dir.resolve("cpp"), """
                [sip]
                freeswitch = []Server=fs1.local,Pwd=x,Port=8021,WSport=7443,WShost=fs.example.com
                """)) {
            // CppComet's dialplan names it with ${domain_name}: the host the browser dialled, lower-cased by JsSIP.
            ConferenceSnapshot live = new ConferenceSnapshot(List.of(new Conference(NODE, "0*101-fs.example.com", "c1",
                    "video", List.of(member("0*101-fs.example.com", 7, "0000002", "0000002", false)))), JOINED);
            FreeswitchConferenceBackend backend = new FreeswitchConferenceBackend(cpp.config.sip(),
                    cpp.store.conferences(), cpp.publisher.privateMessages(), cpp.clock, control, () -> live, node -> Optional.ofNullable(reported.get(node)),
                    Duration.ofSeconds(2), Duration.ofSeconds(2), null, null);
            assertEquals(1, backend.members(0, List.of("101")).size());
            backend.invite(0, new InvitationRequest("101", 42, 0, "{}", "audio", "", "user/1000"));
            assertEquals(List.of("dial " + NODE + " 0*101-fs.example.com audio user/1000 00000042"), control.sent);

            CometQlException unknown = assertThrows(CometQlException.class,
                    () -> backend.invite(0, new InvitationRequest("102", 42, 0, "{}", "audio", "", "user/1000")));
            assertTrue(unknown.getMessage().contains("has not reported its domain yet"), unknown.getMessage());
            reported.put(NODE, "10.0.0.5");
            backend.invite(0, new InvitationRequest("102", 42, 0, "{}", "audio", "", "user/1000"));
            assertEquals("dial " + NODE + " 0*102-10.0.0.5 audio user/1000 00000042", control.sent.get(1));
        }
    }

    private static org.cometserver.esl.conference.Member member(String conference, int id, String number, String name,
                                                                boolean talking) {
        return new org.cometserver.esl.conference.Member(NODE, conference, id, "uuid-" + id, number, name, JOINED, LAST_TALKED,
                false, false, talking, false, false, false);
    }

    /** Records commands; answers them as configured. */
    private static final class FakeControl implements ConferenceControl {
        final List<String> sent = new ArrayList<>();
        RuntimeException failure;
        boolean silent;
        String dialledUuid = "uuid-dialled";

        private CompletableFuture<Void> record(String command, String node, String conference, int memberId) {
            sent.add(command + " " + node + " " + conference + " " + memberId);
            return silent ? new CompletableFuture<>() : failure != null ? CompletableFuture.failedFuture(failure)
                    : CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Void> conferenceCommand(String node, ConferenceCommand command, String conference, int memberId) {
            return record(command.verb(), node, conference, memberId);
        }

        @Override
        public CompletableFuture<String> conferenceCommand(String node, ConferenceCommand command, String conference,
                                                           String argument) {
            return record(command.verb(), node, conference, Integer.parseInt(argument)).thenApply(v -> "+OK");
        }

        @Override
        public CompletableFuture<String> dial(String node, String conference, String profile, String dialString,
                                              String callerIdNumber, String callerIdName) {
            sent.add("dial " + node + " " + conference + " " + profile + " " + dialString + " " + callerIdNumber);
            return failure != null ? CompletableFuture.failedFuture(failure) : CompletableFuture.completedFuture(dialledUuid);
        }
    }
}
