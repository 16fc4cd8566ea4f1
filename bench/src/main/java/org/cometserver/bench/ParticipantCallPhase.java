package org.cometserver.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code callParticipant} → {@code CALL_PARTICIPANT_CONNECTED} (issue 11) for {@link ConferenceBench}: one page (a JDK
 * WebSocket client) invited to the room, subscribed to its call pipe, sends {@code call_participant} for a new number
 * each time and waits for the connected notice on the pipe; the phone is then kicked with SQL.
 */
final class ParticipantCallPhase implements AutoCloseable {
    private static final Pattern CALL_PIPE = Pattern.compile("callPipe\\\\?\":\\\\?\"(web_syscall_v1_[A-Za-z]+)");
    private static final long TIMEOUT_SECONDS = 10;
    private static final long USER = 777;

    private final WebSocket socket;
    private final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
    private final String room;

    ParticipantCallPhase(int wsPort, Connection sql, String room) throws Exception {
        this.room = room;
        try (Statement s = sql.createStatement()) {
            s.executeUpdate("INSERT INTO users_auth (id, hash) VALUES (" + USER + ", 'benchkey')");
        }
        StringBuilder partial = new StringBuilder();
        socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                .buildAsync(URI.create("ws://127.0.0.1:" + wsPort + "/ws/sesion=benchkey&myid=" + USER
                        + "&devid=0&v=4.08&uuid=benchParticipantsUUIDbenchPartici&api=js"), new WebSocket.Listener() {
                            @Override
                            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                                partial.append(data);
                                if (last) {
                                    frames.add(partial.toString());
                                    partial.setLength(0);
                                }
                                ws.request(1);
                                return null;
                            }
                        }).get(10, TimeUnit.SECONDS);
        next(text -> text.contains("authorized"));
        try (Statement s = sql.createStatement()) {
            s.executeUpdate("INSERT INTO conference (name, user_id, caller_id, message) VALUES ('" + room + "', "
                    + USER + ", " + USER + ", '{}')");
            s.executeUpdate("UPDATE conference_settings SET allow_dial = 1 WHERE name = '" + room + "'");
        }
        Matcher pipe = CALL_PIPE.matcher(next(text -> text.contains("sys_sipCall")));
        if (!pipe.find()) {
            throw new IllegalStateException("invitation without callPipe");
        }
        socket.sendText("subscription\n" + pipe.group(1), true).get(5, TimeUnit.SECONDS);
        Thread.sleep(200); // the subscription has no answer: give it time before the first call is measured
    }

    /** Calls {@code number} into the room; returns nanoseconds until the connected notice, then kicks it. */
    long call(Connection sql, String number) throws Exception {
        long started = System.nanoTime();
        socket.sendText("call_participant\n{\"room\":\"" + room + "\",\"number\":\"" + number + "\"}", true);
        next(text -> text.contains("CALL_PARTICIPANT_CONNECTED") && text.contains(number));
        long took = System.nanoTime() - started;
        try (Statement s = sql.createStatement()) {
            if (s.executeUpdate("DELETE FROM conference_members WHERE name = '" + room + "' AND user_id = " + USER)
                    != 1) {
                throw new IllegalStateException("the called phone was not listed under the page's user");
            }
        }
        next(text -> text.contains("CALL_PARTICIPANT_DISCONNECTED") && text.contains(number));
        return took;
    }

    private String next(Predicate<String> match) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (true) {
            String frame = frames.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (frame == null) {
                throw new IllegalStateException("no matching frame within " + TIMEOUT_SECONDS + " s");
            }
            if (match.test(frame)) {
                return frame;
            }
        }
    }

    @Override
    public void close() {
        socket.abort();
    }
}
