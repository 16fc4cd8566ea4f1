package org.cometserver.server.wiring;

import org.cometserver.cometql.error.CometQlException;
import org.cometserver.cometql.spi.ConferenceBackend;
import org.cometserver.cometql.spi.ConferenceBackend.Invitation;
import org.cometserver.cometql.spi.ConferenceBackend.InvitationRequest;
import org.cometserver.server.testing.RecordingTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FreeswitchConferenceBackendTest {
    private static final String TWO_NODES = """
            [sip]
            freeswitch = []Server=fs1.local,Pwd=x,Port=8021,WSport=7443,WShost=fs.example.com
            freeswitch = []Server=fs2.local,WSport=7444
            """;
    @TempDir
    Path dir;
    private WiringFixture fixture;

    @AfterEach
    void tearDown() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void withoutFreeswitchInviteIsError500() {
        fixture = new WiringFixture(dir, "");
        CometQlException e = assertThrows(CometQlException.class,
                () -> fixture.backends.conferences().invite(0, request("101", 1, "video")));
        assertEquals(500, e.code());
        assertEquals("field in ini file not set option `host` in section `sip`", e.getMessage());
    }

    @Test
    void inviteSendsSysSipCallAndStoresTheInvitation() {
        fixture = new WiringFixture(dir, TWO_NODES);
        ConferenceBackend conferences = fixture.backends.conferences();
        RecordingTransport invitee = fixture.connect(0, 29130);

        Invitation invitation = conferences.invite(0, new InvitationRequest("101", 29130, 5, "{}", "video", "3", ""));

        // node index: 0*1000000 + '0'*10*1 + '1'*10*2 = 1460 → 1460 mod 2 = 0 → first node
        assertEquals(new Invitation("101", 29130, 5, "{}", "video", "", "fs.example.com:7443", WiringFixture.NOW),
                invitation);
        Matcher frame = Pattern.compile("\\{\"data\":\\{\"message\":\"\\{}\",\"sys\":\\{\"callKey\":\"([0-9a-f-]{36})\","
                + "\"callPipe\":\"web_syscall_v1_AoHmACfvRwqKnfPVBoLxVqDAAncA\",\"caller_id\":5,\"conference\":\"true\","
                + "\"conference_name\":\"101\",\"mode\":\"video\",\"serverName\":\"fs.example.com\",\"serverPort\":7443,"
                + "\"sipNumber\":\"0\\*101\\*video\",\"stream\":3}},\"event\":\"sys_sipCall\",\"pipe\":\"msg\"}")
                .matcher(invitee.texts().get(0));
        assertTrue(frame.matches(), invitee.texts().get(0));
        assertEquals(List.of(invitation), conferences.invitations(0, List.of("101")));
        assertEquals(List.of(invitation), conferences.allInvitations(0, 10));
    }

    @Test
    void offlineInviteeGetsItQueuedAndDefaultsApply() {
        fixture = new WiringFixture(dir, TWO_NODES);
        // 7*1000000 + 'r'*0 + 'o'*10 + 'o'*20 + 'm'*30 = 7006600 → even → first node
        Invitation invitation = fixture.backends.conferences().invite(7,
                new InvitationRequest("room", 3, 0, "hello", null, null, null));
        assertEquals("default", invitation.profile());
        var queued = fixture.backends.users().queuedMessages(7, List.of(3L));
        assertEquals(1, queued.size());
        assertEquals("sys_sipCall", queued.get(0).event());
        assertTrue(queued.get(0).message().startsWith("{\"message\":\"hello\",\"sys\":{\"callKey\":\""),
                queued.get(0).message());
        assertTrue(queued.get(0).message().contains("\"sipNumber\":\"7*room*default\",\"stream\":0}}"));
    }

    @Test
    void nodeChoiceIsDeterministicPerConference() {
        assertEquals(0, FreeswitchConferenceBackend.nodeIndex(0, "101", 2));
        assertEquals(2, FreeswitchConferenceBackend.nodeIndex(0, "101", 3));
        assertEquals(1, FreeswitchConferenceBackend.nodeIndex(7, "room", 3));
        assertEquals(0, FreeswitchConferenceBackend.nodeIndex(99_999, "ÿÿÿÿ", 1));
    }

    @Test
    void deleteMembersAndKick() {
        fixture = new WiringFixture(dir, TWO_NODES);
        ConferenceBackend conferences = fixture.backends.conferences();
        conferences.invite(0, request("101", 1, "video"));
        conferences.invite(0, request("101", 2, "video"));
        assertEquals(1, conferences.deleteInvitations(0, "101", List.of(1L)));
        assertEquals(1, conferences.deleteInvitations(0, "101", null));
        assertEquals(List.of(), conferences.members(0, List.of("101")));
        assertEquals(List.of(), conferences.allMembers(0, 10));
        CometQlException e = assertThrows(CometQlException.class, () -> conferences.kickMembers(0, "101", null));
        assertEquals(500, e.code());
    }

    private static InvitationRequest request(String name, long userId, String profile) {
        return new InvitationRequest(name, userId, userId, "{}", profile, "", "");
    }
}
