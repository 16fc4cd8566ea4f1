package org.cometserver.server.wiring;

import org.cometserver.server.config.FreeswitchNode;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The signalling channel of a conference (docs/CPPCOMET.md §4.2 step 5): {@code web_syscall_v1_} +
 * Base64(SHA1(S)) where S is C's {@code printf("%64s_%64s_%d_%d_%32s", sipNumber, serverName, serverPort, devId,
 * pipesalt)} (strings left-padded with spaces to 64/64/32 bytes, never cut), then every byte outside {@code A}…{@code z}
 * replaced by {@code A}. Every invitee of a conference derives the same channel.
 */
final class CallPipe {
    static final String PREFIX = "web_syscall_v1_";

    private CallPipe() {
    }

    /** The number a page dials to join {@code room} with {@code profile}: {@code <dev>*<room>*<profile>} (§4.2). */
    static String sipNumber(int devId, String room, String profile) {
        return devId + "*" + room + "*" + profile;
    }

    /**
     * What a page needs to join {@code room} on {@code node}, as CppComet's {@code sys_sipCall} carries it (§4.2):
     * {@code callPipe}, {@code conference}, {@code conference_name}, {@code mode}, {@code serverName},
     * {@code serverPort}, {@code sipNumber}; shared by invitations and guest passes.
     */
    static Map<String, Object> joinFields(int devId, String room, String profile, FreeswitchNode node, String pipesalt) {
        String sipNumber = sipNumber(devId, room, profile);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("callPipe", derive(sipNumber, node.wsHost(), node.wsPort(), devId, pipesalt));
        fields.put("conference", "true"); // CppComet: a string, not a boolean
        fields.put("conference_name", room);
        fields.put("mode", profile);
        fields.put("serverName", node.wsHost());
        fields.put("serverPort", node.wsPort());
        fields.put("sipNumber", sipNumber);
        return fields;
    }

    static String derive(String sipNumber, String serverName, int serverPort, int devId, String pipesalt) {
        ByteArrayOutputStream s = new ByteArrayOutputStream(200);
        padded(s, sipNumber, 64);
        s.write('_');
        padded(s, serverName, 64);
        s.writeBytes(("_" + serverPort + "_" + devId + "_").getBytes(StandardCharsets.US_ASCII));
        padded(s, pipesalt, 32);
        byte[] base64 = Base64.getEncoder().encode(sha1(s.toByteArray()));
        for (int i = 0; i < base64.length; i++) {
            // CppComet: digits, '+', '/' and '=' are all turned into 'A'
            if (base64[i] < 'A' || base64[i] > 'z') {
                base64[i] = 'A';
            }
        }
        return PREFIX + new String(base64, StandardCharsets.US_ASCII);
    }

    /** {@code %<width>s}: right-aligned, padded on the left with spaces, counted in bytes as C does. */
    private static void padded(ByteArrayOutputStream out, String value, int width) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        for (int i = bytes.length; i < width; i++) {
            out.write(' ');
        }
        out.writeBytes(bytes);
    }

    private static byte[] sha1(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-1", e);
        }
    }
}
