package org.cometserver.cometql.sql;

import org.cometserver.cometql.spi.CallBackend.CallLeg;
import org.cometserver.cometql.spi.ConferenceBackend.Member;
import org.cometserver.cometql.spi.PipeBackend.PipeSubscriber;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every table's INSERT/SELECT/DELETE, CppComet's validation and errors, our improvements, plan push-down. */
class CometTablesTest {
    private final CometQlFixture f = new CometQlFixture();

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void usersAuth() {
        f.sql("INSERT INTO users_auth (id, hash) VALUES (1,'abc')").ok(1, 1);
        f.sql("SELECT * FROM users_auth WHERE id=1").columns("id", "hash").returns("id=1; hash=abc");
        f.sql("INSERT INTO users_auth (id, hash) VALUES (2,'def')").ok(1, 2);
        f.sql("SELECT * FROM users_auth WHERE id IN (1,2,3)").returns("id=1; hash=abc", "id=2; hash=def");
        f.sql("SELECT * FROM users_auth WHERE id IN ('1', -4, 0)").returns("id=1; hash=abc");
        f.sql("DELETE FROM users_auth WHERE id=2").ok(1);
        f.sql("SELECT * FROM users_auth WHERE id=2").returns();
        f.sql("INSERT INTO users_auth (id, hash) VALUES (0, 'x')").fails(12, "The id field must be non-negative");
        f.sql("INSERT INTO users_auth (id) VALUES (5)").fails(12, "field `hash` is required");
        f.sql("INSERT INTO users_auth (hash) VALUES ('a')").fails(12, "field `id` is required");
        f.sql("INSERT INTO users_auth (id, hash) VALUES ('x1', 'a')")
                .fails(12, "Incorrect integer value 'x1' for column `id`");
        f.sql("INSERT INTO users_auth (id, nope) VALUES (1, 'a')").fails(14, "Not a specific column");
        f.sql("INSERT INTO users_auth VALUES (9, 'nine')").ok(1, 9);
        f.sql("INSERT INTO users_auth VALUES (9)").fails(14, "Error in columns list");
    }

    @Test
    void usersTime() {
        f.backends.onlineTimes.put(2L, 0L);
        f.backends.onlineTimes.put(3L, 1438245468L);
        f.sql("SELECT * FROM users_time WHERE id IN (2, 3, 145)")
                .returns("id=2; time=0", "id=3; time=1438245468", "id=145; time=-1");
        f.sql("SELECT time FROM users_time WHERE id = 3").columns("time").returns("time=1438245468");
        f.sql("INSERT INTO users_time (id, time) VALUES (1, 2)").fails(10, "Table `users_time` is read only");
        f.sql("DELETE FROM users_time WHERE id=1").fails(10, "Table `users_time` is read only");
    }

    @Test
    void usersMessages() {
        f.sql("INSERT INTO users_messages (id, event, message) VALUES (1,'ev','hi')").ok(1, 1);
        f.sql("INSERT INTO users_messages (id, event, message) VALUES (1,'ev2','again')").ok(1, 1);
        assertEquals("0:1:ev:hi", f.backends.sent.get(0));
        f.sql("SELECT id, event, message FROM users_messages WHERE id=1")
                .returns("id=1; event=ev; message=hi", "id=1; event=ev2; message=again");
        f.sql("SELECT * FROM users_messages WHERE id=1").columns("id", "index", "event", "message").returnsCount(2);
        // Improvement: everything queued is removed, also messages of the current second.
        f.sql("DELETE FROM users_messages WHERE id=1").ok(2);
        f.sql("SELECT * FROM users_messages WHERE id=1").returns();
        f.sql("INSERT INTO users_messages (id, event, message) VALUES (1,'ev')").fails(14, "Error in columns list");
        f.sql("INSERT INTO users_messages (id, event, message) VALUES (-1,'ev','m')")
                .fails(12, "The id field must be non-negative");
        f.sql("INSERT INTO users_messages (id, event, message) VALUES (1,'bad event','m')")
                .fails(12, "The channel name can contain only the characters A-Za-z0-9_-");
        f.sql("INSERT INTO users_messages (id, event, message) VALUES (1,'" + "e".repeat(65) + "','m')")
                .fails(11, "Channel event_name is too long");
        f.sql("INSERT INTO users_messages (id, `index`, event, message) VALUES (3, 'ignored', '', 'x')").ok(1, 3);
    }

    @Test
    void pipesMessagesWithHistory() {
        f.sql("INSERT INTO pipes_settings (\"name\",\"length\") VALUES ('p10', 10)").ok(1, 0);
        f.sql("INSERT INTO pipes_messages (name, event, message) VALUES (\"p10\", \"ev\", \"hello\")").ok(1, 0);
        f.sql("INSERT INTO pipes_messages (name, event, message) VALUES (\"p10\", \"ev2\", '{\"text\":\"hi\",\"n\":1}')")
                .ok(1, 0);
        f.sql("SELECT name, `index`, event, message, user_id FROM pipes_messages WHERE name='p10'").returns(
                "name=p10; index=0; event=ev; message=hello; user_id=0",
                "name=p10; index=1; event=ev2; message={\"text\":\"hi\",\"n\":1}; user_id=0");
        f.sql("SELECT * FROM pipes_messages WHERE name='p10'")
                .columns("id", "time", "name", "index", "event", "message", "user_id");
        String id = f.sql("SELECT id FROM pipes_messages WHERE name='p10' AND event='ev'").rows().rows().get(0)[0];
        f.sql("DELETE FROM pipes_messages WHERE id='" + id + "'").ok(1);
        f.sql("SELECT event FROM pipes_messages WHERE name='p10'").returns("event=ev2");
        f.sql("DELETE FROM pipes_messages WHERE name='p10'").ok(1);
        f.sql("SELECT * FROM pipes_messages WHERE name='p10'").returns();
        f.sql("DELETE FROM pipes_messages WHERE event='x'").fails(13,
                "Selection without transferring the requested values of the primary key is not supported");
    }

    @Test
    void pipesMessagesValidation() {
        f.sql("INSERT INTO pipes_messages (name, event, message) VALUES (\"p1\", \"ev\", \"hello\")")
                .fails(17, "Channel name is too short");
        f.sql("INSERT INTO pipes_messages (name, event, message) VALUES ('bad name!', 'ev', 'x')")
                .fails(12, "The channel name can contain only the characters A-Za-z0-9_-");
        f.sql("INSERT INTO pipes_messages (name, event, message) VALUES ('" + "a".repeat(65) + "', 'ev', 'm')")
                .fails(11, "Channel name is too long");
        f.sql("INSERT INTO pipes_messages (name, message) VALUES ('abc', 'm')").fails(12, "field `event` is required");
        f.sql("INSERT INTO pipes_messages (name, event, message) VALUES ('abc', '', NULL)")
                .fails(12, "field `message` is required");
        f.sql("SELECT * FROM pipes_messages WHERE name='p1'").returns();
        f.sql("DELETE FROM pipes_messages WHERE name='p1'").ok(0);
    }

    @Test
    void publishWithoutHistoryRunsOnCallersThreadAndUnescapes() {
        f.sql("INSERT INTO pipes_messages (name, event, message) VALUES ('web_chat', 'ev', 'first')").ok(1);
        f.sql("INSERT INTO pipes_messages (name, event, message) VALUES ('web_chat', 'ev', 'a\\'b\\n\"c\"')").ok(1);
        String cached = f.backends.published.get(1);
        assertEquals("0:web_chat:ev:a'b\n\"c\":" + Thread.currentThread().getName(), cached);
        f.sql("INSERT INTO pipes_settings (name, length) VALUES ('trust_x', 0)").ok(1);
        f.sql("INSERT INTO pipes_messages (name, event, message) VALUES ('trust_x', 'ev', 'a')").ok(1);
        f.sql("INSERT INTO pipes_messages (name, event, message) VALUES ('trust_x', 'ev', 'b')").ok(1);
        assertTrue(f.backends.published.get(3).endsWith(":b:cometql-exec-1")
                || f.backends.published.get(3).endsWith(":b:cometql-exec-2"), f.backends.published.get(3));
    }

    @Test
    void multiRowInsertIsAnImprovement() {
        f.sql("INSERT INTO users_auth (id, hash) VALUES (5,'e'),(6,'f')").ok(2, 5);
        f.sql("SELECT * FROM users_auth WHERE id IN (5,6)").returns("id=5; hash=e", "id=6; hash=f");
        f.sql("INSERT INTO pipes_messages (name, event, message) VALUES ('aaa','e','1'), ('bbb','e','2')").ok(2);
    }

    @Test
    void pipesAndUsersInPipes() {
        f.backends.subscriberCounts.put("web_chat", 2);
        f.backends.subscribers.add(new PipeSubscriber("web_chat", 5, "u-1", "Firefox", "10.0.0.1", "http://a", "en"));
        f.backends.subscribers.add(new PipeSubscriber("web_chat", 0, "u-2", "Chrome", "10.0.0.2", "http://b", "ru"));
        f.sql("SELECT * FROM pipes WHERE name IN ('p10', 'web_chat')").columns("name", "users")
                .returns("name=p10; users=0", "name=web_chat; users=2");
        f.sql("SELECT * FROM pipes WHERE name IN ('p1')").returns();
        f.sql("SELECT * FROM users_in_pipes WHERE name='web_chat'")
                .columns("name", "user_id", "user_uuid", "user_agent", "ip", "origin", "language")
                .returns("name=web_chat; user_id=5; user_uuid=u-1; user_agent=Firefox; ip=10.0.0.1; origin=http://a;"
                        + " language=en", "name=web_chat; user_id=0; user_uuid=u-2; user_agent=Chrome; ip=10.0.0.2;"
                        + " origin=http://b; language=ru");
        f.sql("SELECT user_id FROM users_in_pipes WHERE name='web_chat' AND user_id > 0").returns("user_id=5");
        f.sql("INSERT INTO pipes (name, users) VALUES ('abc', 1)").fails(10, "Table `pipes` is read only");
        f.sql("DELETE FROM pipes WHERE name='abc'").fails(10, "Table `pipes` is read only");
        f.sql("DELETE FROM users_in_pipes WHERE name='abc'").fails(10, "Table `users_in_pipes` is read only");
    }

    @Test
    void pipesSettings() {
        f.sql("INSERT INTO pipes_settings (\"name\",\"length\") VALUES ('p1', 10)").fails(17, "Channel name is too short");
        f.sql("INSERT INTO pipes_settings (name, length) VALUES ('big', 5000)").ok(1);
        f.sql("INSERT INTO pipes_settings (name, length) VALUES ('neg', -5)").ok(1);
        f.sql("SELECT * FROM pipes_settings WHERE name IN ('big', 'neg', 'none')")
                .returns("name=big; length=1000", "name=neg; length=0");
        f.sql("DELETE FROM pipes_settings WHERE name='big'").ok(1);
        f.sql("SELECT * FROM pipes_settings WHERE name='big'").returns();
    }

    @Test
    void usersData() {
        f.sql("INSERT INTO users_data (id, data) VALUES (4, '{\"nick\":\"bob\"}')").ok(1, 4);
        f.sql("SELECT * FROM users_data WHERE id=4").returns("id=4; data={\"nick\":\"bob\"}");
        f.sql("SELECT * FROM users_data WHERE id=1").returns();
        f.sql("DELETE FROM users_data WHERE id=4").ok(1);
        f.sql("INSERT INTO users_data (id, data) VALUES (0, 'x')").fails(12, "The id field must be non-negative");
    }

    @Test
    void revokedTokens() {
        f.sql("INSERT INTO revoked_tokens (token) VALUES ('t1')").ok(1, 1);
        f.sql("INSERT INTO revoked_tokens (token) VALUES ('t2')").ok(1, 1);
        f.sql("SELECT * FROM revoked_tokens WHERE token='t1'").returns("token=t1");
        f.sql("SELECT * FROM revoked_tokens").returns("token=t1", "token=t2");
        f.sql("DELETE FROM revoked_tokens WHERE token IN ('t1', 'zz')").ok(1);
        f.sql("DELETE FROM revoked_tokens").fails(13,
                "Selection without transferring the requested values of the primary key is not supported");
    }

    @Test
    void conference() {
        f.sql("INSERT INTO conference (name, user_id, caller_id, message, profile, stream, node) "
                + "VALUES ('101', 2, 2, '{}', 'video', '', '')").ok(1, 0);
        f.sql("INSERT INTO conference (name, user_id, message, dial) VALUES ('101', 3, 'hi', 'sip:3@x')").ok(1);
        f.sql("SELECT * FROM `conference` WHERE name = \"101\"")
                .columns("name", "user_id", "caller_id", "message", "profile", "stream", "node", "dial")
                .returns("name=101; user_id=2; caller_id=2; message={}; profile=video; stream=; node=fs1:7443; dial=",
                        "name=101; user_id=3; caller_id=0; message=hi; profile=default; stream=; node=fs1:7443; dial=");
        f.sql("DELETE FROM `conference` WHERE name = \"101\" AND user_id = 2").ok(1);
        f.sql("SELECT user_id FROM conference WHERE name='101'").returns("user_id=3");
        f.sql("INSERT INTO conference (name, user_id, message, dial) VALUES ('102', 3, 'hi', 'fail')")
                .fails(500, "no FreeSWITCH node");
        f.sql("INSERT INTO conference (name, user_id, message) VALUES ('102', -3, 'hi')")
                .fails(12, "The user_id field must be non-negative");
    }

    @Test
    void conferenceMembers() {
        f.backends.members.add(new Member("101", 2, 100, 120, "m-1", false, false, true, true, false, "fs1", "web", ""));
        f.backends.members.add(new Member("101", 3, 101, 0, "m-2", true, false, false, false, false, "fs1", "phone",
                "+4930123456"));
        f.sql("SELECT * FROM conference_members").columns("name", "user_id", "join_time", "last_talking",
                "member_id", "muted", "deaf", "talking", "video", "vmuted", "node", "floor", "kind", "number")
                .returnsCount(2);
        f.sql("SELECT user_id, kind, number FROM conference_members WHERE name='101'")
                .returns("user_id=2; kind=web; number=", "user_id=3; kind=phone; number=+4930123456");
        f.sql("SELECT user_id, muted, talking FROM conference_members WHERE name='101'")
                .returns("user_id=2; muted=0; talking=1", "user_id=3; muted=1; talking=0");
        f.sql("DELETE FROM conference_members WHERE name='101' AND user_id=3").ok(1);
        assertEquals("101:[3]", f.backends.kicked.get(0));
        f.sql("INSERT INTO conference_members (name, user_id) VALUES ('101', 2)")
                .fails(10, "Table `conference_members` is read only");
    }

    @Test
    void calls() {
        f.backends.calls.add(new CallLeg("s-1", 1, 2, 1, "ESTABLISHED", 100, 105, 0, "n1", "{}", "p2p", "", "",
                false, "", 0, "", ""));
        f.backends.calls.add(new CallLeg("s-1", 1, 3, 1, "RING", 100, 0, 0, "n1", "{}", "p2p", "", "", false, "", 0,
                "", ""));
        f.backends.calls.add(new CallLeg("u-9", 5, 5, 2, "FINISH", 100, 101, 131, "n1", "", "sip", "user/1000",
                "1000", false, "NORMAL_CLEARING", 30, "4.50", "{\"rtp_audio_in_mos\":\"4.50\"}"));
        f.sql("SELECT * FROM calls").columns("session_id", "caller_id", "user_id", "call_type", "state", "created",
                "answered", "ended", "duration", "node", "user_info", "kind", "dial", "peer", "hold", "sip_cause",
                "dtmf", "transfer", "mos", "stats").returnsCount(3);
        f.sql("SELECT user_id, state FROM calls WHERE session_id = 's-1'")
                .returns("user_id=2; state=ESTABLISHED", "user_id=3; state=RING");
        f.sql("SELECT session_id, duration, mos FROM calls WHERE user_id = 5")
                .returns("session_id=u-9; duration=30; mos=4.50");
        f.sql("DELETE FROM calls WHERE session_id = 's-1' AND user_id = 3").ok(1);
        f.sql("UPDATE calls SET hold = 1 WHERE session_id = 'u-9'").ok(1);
        f.sql("UPDATE calls SET dtmf = '12#' WHERE session_id = 'u-9'").ok(1);
        f.sql("UPDATE calls SET transfer = ' user/1001 ' WHERE session_id = 'u-9'").ok(1);
        f.sql("INSERT INTO calls (user_id, dial, call_type) VALUES (5, 'user/1000', 1)").ok(1);
        assertEquals(List.of("hangUp:s-1:[3]",
                "update:u-9:[5]:CallChanges[hold=true, dtmf=null, transfer=null]",
                "update:u-9:[5]:CallChanges[hold=null, dtmf=12#, transfer=null]",
                "update:u-9:[5]:CallChanges[hold=null, dtmf=null, transfer=user/1001]",
                "dial:DialRequest[userId=5, dial=user/1000, callType=1, userInfo=]"), f.backends.callCommands);
    }

    @Test
    void callsBadInput() {
        f.backends.calls.add(new CallLeg("u-9", 5, 5, 2, "ESTABLISHED", 100, 101, 0, "n1", "", "sip", "user/1000",
                "1000", false, "", 0, "", ""));
        f.sql("UPDATE calls SET hold = 2 WHERE session_id = 'u-9'").fails(12, "The hold field must be 0 or 1");
        f.sql("UPDATE calls SET hold = 1 WHERE session_id = 'nope'").fails(15, "No live call matches the WHERE clause");
        f.sql("UPDATE calls SET dtmf = '12x' WHERE session_id = 'u-9'")
                .fails(12, "The dtmf field has 'x'; DTMF digits are 0-9 * # A-D (w and W pause)");
        f.sql("UPDATE calls SET dtmf = '' WHERE session_id = 'u-9'")
                .fails(12, "The dtmf field must be 1 to 64 characters of 0-9 * # A-D w W");
        f.sql("UPDATE calls SET state = 'FINISH' WHERE session_id = 'u-9'").fails(14,
                "Column `state` of `calls` cannot be updated (updatable: hold, dtmf, transfer)");
        f.sql("INSERT INTO calls (user_id, call_type) VALUES (5, 1)").fails(12, "field `dial` is required");
        f.sql("INSERT INTO calls (user_id, dial, call_type) VALUES (5, 'user/1000', 3)")
                .fails(12, "The call_type field must be 1 (video) or 2 (audio)");
        f.sql("INSERT INTO calls (user_id, dial, state) VALUES (5, 'user/1000', 'RING')").fails(12,
                "The state field is set by the server; INSERT takes user_id, dial, call_type and user_info");
        f.sql("INSERT INTO calls (user_id, dial) VALUES (0, 'user/1000')")
                .fails(12, "The user_id field must be positive");
    }

    @Test
    void conferenceMembersUpdate() {
        f.backends.members.add(new Member("101", 2, 100, 120, "m-1", false, false, true, true, false, "fs1", "web", ""));
        f.backends.members.add(new Member("101", 3, 101, 0, "m-2", true, false, false, false, false, "fs1", "web", ""));
        f.sql("UPDATE conference_members SET muted = 1 WHERE name = '101' AND user_id = 2").ok(1);
        f.sql("UPDATE conference_members SET deaf=0, vmuted=true WHERE name='101'").ok(2);
        f.sql("UPDATE conference_members SET muted = 1 WHERE name = '999'").ok(0);
        f.sql("UPDATE conference_members SET floor = 1 WHERE name = '101' AND user_id = 3").ok(1);
        assertEquals(List.of("101:[2]:MemberChanges[muted=true, deaf=null, videoMuted=null, floor=null]",
                "101:[2, 3]:MemberChanges[muted=null, deaf=false, videoMuted=true, floor=null]",
                "101:[3]:MemberChanges[muted=null, deaf=null, videoMuted=null, floor=true]"), f.backends.updated);
        f.sql("UPDATE conference_members SET floor = 0 WHERE name = '101'").fails(12,
                "The floor field can only be set to 1 (give the floor to another member to take it back)");
        f.sql("UPDATE conference_members SET muted = 2 WHERE name = '101'").fails(12, "The muted field must be 0 or 1");
        f.sql("UPDATE conference_members SET talking = 1 WHERE name = '101'")
                .fails(14, "Column `talking` of `conference_members` cannot be updated (updatable: muted, deaf, vmuted, floor)");
        f.sql("UPDATE conference_members SET muted = 1").fails(13,
                "Selection without transferring the requested values of the primary key is not supported");
        f.sql("UPDATE users_auth SET hash='x' WHERE id=1")
                .fails(2, "UPDATE is supported for conference_members, conference_settings and calls only; table `users_auth` is not updatable");
    }

    @Test
    void conferenceSettings() {
        f.sql("INSERT INTO conference_settings (name, pin, locked, max_duration) VALUES ('101', '1234', 1, 600)").ok(1);
        f.sql("SELECT * FROM conference_settings WHERE name = '101'").columns("name", "pin", "max_members", "locked",
                "record", "max_duration", "moderator", "video_layout", "wait_for_moderator", "allow_dial", "announce")
                .returns("name=101; pin=1234; max_members=0; locked=1; record=0; max_duration=600; moderator=0;"
                        + " video_layout=; wait_for_moderator=0; allow_dial=0; announce=0");
        f.sql("UPDATE conference_settings SET record = 1, video_layout = '1up_top_left+5' WHERE name = '101'").ok(1);
        f.sql("UPDATE conference_settings SET allow_dial = 1 WHERE name = '202'").ok(0); // no row: SQL's semantics
        f.sql("INSERT INTO conference_settings (name, allow_dial) VALUES ('202', 1)").ok(1);
        f.sql("SELECT name, record, video_layout, locked, allow_dial FROM conference_settings")
                .returns("name=101; record=1; video_layout=1up_top_left+5; locked=1; allow_dial=0",
                        "name=202; record=0; video_layout=; locked=0; allow_dial=1");
        f.sql("INSERT INTO conference_settings (name, pin) VALUES ('303', '1234')")
                .fails(12, "The pin is already used by room 101");
        f.sql("INSERT INTO conference_settings (name, pin) VALUES ('303', '12a4')")
                .fails(12, "The pin field must be 4-12 digits, or empty for no dial-in");
        f.sql("INSERT INTO conference_settings (name, pin) VALUES ('303', '123')")
                .fails(12, "The pin field must be 4-12 digits, or empty for no dial-in");
        f.sql("INSERT INTO conference_settings (name, max_members) VALUES ('303', -1)")
                .fails(12, "The max_members, max_duration and moderator fields must be non-negative");
        f.sql("INSERT INTO conference_settings (name, video_layout) VALUES ('303', '2x2; hup all')")
                .fails(12, "The video_layout field must be a FreeSWITCH layout name (A-Z, a-z, 0-9, _ + : . -)");
        f.sql("INSERT INTO conference_settings (name, locked) VALUES ('303', 2)")
                .fails(12, "The locked field must be 0 or 1");
        f.sql("INSERT INTO conference_settings (name) VALUES ('a b')")
                .fails(12, "The name field must be 1-64 characters of A-Z, a-z, 0-9, _ and -");
        f.sql("UPDATE conference_settings SET name = 'x' WHERE name = '101'").fails(14,
                "Column `name` of `conference_settings` cannot be updated (updatable: pin, max_members, locked, record,"
                        + " max_duration, moderator, video_layout, wait_for_moderator, allow_dial, announce)");
        f.sql("DELETE FROM conference_settings WHERE name = '101'").ok(1);
        f.sql("SELECT name FROM conference_settings").returns("name=202");
    }

    @Test
    void conferenceRecordings() {
        f.backends.rooms.recordings.add(new org.cometserver.cometql.spi.RoomBackend.Recording("101", "/rec/a.wav",
                100, 160, 64474, "fs1"));
        f.backends.rooms.recordings.add(new org.cometserver.cometql.spi.RoomBackend.Recording("101", "/rec/b.wav",
                200, 0, 0, "fs1"));
        f.sql("SELECT * FROM conference_recordings WHERE room = '101'")
                .columns("room", "path", "started", "ended", "size", "node").returnsCount(2);
        f.sql("DELETE FROM conference_recordings WHERE room = '101' AND path = '/rec/a.wav'").ok(1);
        f.sql("SELECT path FROM conference_recordings").returns("path=/rec/b.wav");
        f.sql("INSERT INTO conference_recordings (room, path) VALUES ('101', '/x')")
                .fails(10, "Table `conference_recordings` is read only");
    }

    @Test
    void improvementsOverCppComet() {
        for (int id = 1; id <= 5; id++) {
            f.sql("INSERT INTO users_auth (id, hash) VALUES (" + id + ", 'h" + id + "')").ok(1);
        }
        // Keyless SELECT scans (CppComet: ERR 13); real comparisons (CppComet ignored the operator).
        f.sql("SELECT * FROM users_auth WHERE id>3").returns("id=4; hash=h4", "id=5; hash=h5");
        f.sql("SELECT id FROM users_auth WHERE id=1 OR hash='h3'").returns("id=1", "id=3");
        f.sql("SELECT id FROM users_auth ORDER BY id DESC LIMIT 2").returns("id=5", "id=4");
        // conditions beside the key are applied by the table (RowFilter), with SQL's semantics
        f.sql("SELECT id FROM users_auth WHERE id IN (1, 2, 3) AND hash <> 'h2'").returns("id=1", "id=3");
        f.sql("SELECT id FROM users_auth WHERE id IN (1, 2, 3) AND id >= 2 AND hash < 'h3'").returns("id=2");
        f.sql("SELECT id FROM users_auth WHERE id = 4 AND hash = 'H4'").returnsCount(0);
        f.sql("SELECT id FROM users_auth WHERE id = 4 AND hash <> NULL").returnsCount(0);
        f.sql("SELECT id FROM users_auth WHERE id = 4 AND hash IN ('h1', 'h4')").returns("id=4");
        f.sql("SELECT id FROM users_auth WHERE id > 3 AND 'h5' = hash").returns("id=5");
        f.sql("SELECT id FROM users_auth ORDER BY id LIMIT 1, 2").returns("id=2", "id=3");
        f.sql("SELECT id FROM users_auth ORDER BY id LIMIT 2 OFFSET 3").returns("id=4", "id=5");
        f.sql("SELECT COUNT(*) FROM users_auth").columns("COUNT(*)").returns("COUNT(*)=5");
        f.sql("SELECT COUNT(*) AS n, MAX(id) FROM users_auth WHERE id IN (1,2,9)").returns("n=2; MAX(id)=2");
        f.sql("SELECT hash, COUNT(*) c FROM users_auth GROUP BY hash HAVING COUNT(*) > 0 ORDER BY hash LIMIT 1")
                .returns("hash=h1; c=1");
        f.sql("SELECT id AS x FROM users_auth WHERE id=1").columns("x");
        f.sql("SELECT * FROM users_auth WHERE id=1 AND id=2").returns();
        f.sql("SELECT ID, Hash FROM users_auth WHERE Id=1").columns("ID", "Hash").returns("ID=1; Hash=h1");
        f.sql("SELECT 1").columns("1").returns("1=1");
        f.sql("SELECT 1 + 1, 'a', -2, MAX(3)").columns("1 + 1", "a", "-2", "MAX(3)")
                .returns("1 + 1=2; a=a; -2=-2; MAX(3)=3");
        f.sql("DELETE FROM users_auth WHERE id > 3").fails(13,
                "Selection without transferring the requested values of the primary key is not supported");
        f.sql("DELETE FROM users_auth WHERE id IN (4, 5) OR id = 3").ok(3);
    }

    @Test
    void resultLargerThanTheLimitIsAnErrorNeverCut() {
        for (int id = 1; id <= CometQlFixture.CONFIG.maxResultRows() + 1; id++) {
            f.backends.setAuthHash(0, id, "h");
        }
        f.sql("SELECT * FROM users_auth").fails(1104,
                "The result has more than 50 rows; narrow the WHERE clause or add a LIMIT");
        f.sql("SELECT COUNT(*) FROM users_auth WHERE id IN (1, 2)").returns("COUNT(*)=2");
    }

    @Test
    void keyLookupIsPushedIntoTheScan() {
        f.backends.setAuthHash(0, 1, "abc");
        String plan = f.sql("EXPLAIN PLAN FOR SELECT * FROM users_auth WHERE id = 1").rows().rows().get(0)[0];
        assertTrue(plan.contains("BindableTableScan(table=[[CometQL_v1, users_auth]], filters=[[=($0, ?0)]])"), plan);
        String in = f.sql("EXPLAIN PLAN FOR SELECT hash FROM users_auth WHERE id IN (1, 2) AND hash <> 'x'")
                .rows().rows().get(0)[0];
        assertTrue(in.contains("filters=[[AND(OR(=($0, ?0), =($0, ?1)), <>($1, ?2))]]"), in);
        int before = f.backends.scans.get();
        StringBuilder ids = new StringBuilder("1");
        for (int i = 2; i <= 30; i++) {
            ids.append(',').append(i);
        }
        f.sql("SELECT * FROM users_auth WHERE id IN (" + ids + ")").returns("id=1; hash=abc");
        f.sql("SELECT * FROM users_time WHERE id IN (" + ids + ")").returnsCount(30);
        f.sql("SELECT * FROM users_auth WHERE id=1 AND hash='abc'").returns("id=1; hash=abc");
        assertEquals(before, f.backends.scans.get(), "a key lookup must not scan");
        f.sql("SELECT * FROM users_auth WHERE hash='abc'").returns("id=1; hash=abc");
        assertEquals(before + 1, f.backends.scans.get());
    }

    @Test
    void namesAndErrors() {
        f.sql("select * from USERS_AUTH where ID=1").fails(15, "Table doesn't exist");
        f.sql("SELECT * FROM nosuch WHERE id=1").fails(15, "Table doesn't exist");
        f.sql("INSERT INTO nosuch VALUES (1)").fails(15, "Table doesn't exist");
        f.sql("SELECT nosuch FROM users_auth WHERE id=1").fails(14, "Not a specific column");
        f.sql("SELEC 1").fails(3, "Syntax error in query");
        f.sql("abc").fails(17, "Data is too short");
        f.sql("SELECT '" + "x".repeat(9000) + "'").fails(11, "Data is too long");
        f.sql("SELECT * FROM users_auth WHERE id = 'unterminated").fails(3, "Syntax error in query");
        f.sql(";;;;").ok(0);
        f.sql("SELECT * FROM CometQL_v1.users_auth WHERE id=1").returns();
        f.sql("/* mysql-connector-j */SELECT * FROM users_auth WHERE id=1 -- trailing\n;").returns();
        f.sql("SELECT * FROM users_auth WHERE id=1 # comment").returns();
    }

    @Test
    void backendFailureIsInternalErrorAndSessionGoesOn() {
        f.backends.failure = new IllegalStateException("store is down");
        // the store's own message stays in the server log: it may quote the store's SQL
        f.sql("SELECT * FROM users_auth WHERE id=1").fails(500, "Internal error");
        f.sql("INSERT INTO pipes_messages (name, event, message) VALUES ('abc', 'e', 'm')")
                .fails(500, "Internal error");
        f.backends.failure = null;
        f.sql("SELECT * FROM users_auth WHERE id=1").returns();
        f.sql("SELEC 1").fails(3, "Syntax error in query");
        f.sql("SELECT * FROM users_auth WHERE id=1").returns();
    }

    @Test
    void clusterPrefixSwitchesDevId() {
        f.sql("cometqlcluster_v1 set dev_id=3; INSERT INTO users_auth (id, hash) VALUES (1, 'dev3')").ok(1);
        assertEquals(3, f.session.devId());
        assertTrue(f.session.clusterOrigin());
        f.sql("SELECT hash FROM users_auth WHERE id=1").returns("hash=dev3");
        f.engine.useDatabase(f.session, "db_0");
        f.sql("SELECT hash FROM users_auth WHERE id=1").returns();
    }
}
