package org.cometserver.esl.conference;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Reads the body of {@code api conference json_list} (recording 03): an array of conferences with
 * {@code conference_name}, {@code conference_uuid} and {@code members}; each member has {@code type} ({@code caller} for
 * people), {@code id}, {@code uuid}, {@code caller_id_name}, {@code caller_id_number}, {@code flags} ({@code can_hear},
 * {@code can_see}, {@code can_speak}, {@code talking}, {@code has_video}, {@code has_floor}) and {@code join_time} /
 * {@code last_talking} in seconds before now ({@code last_talking} 0 means "now" when talking, else never).
 */
public final class ConferenceListParser {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ConferenceListParser() {
    }

    /**
     * @throws IllegalArgumentException if the body is neither a JSON array nor FreeSWITCH's "no conferences" line
     */
    public static List<Conference> parse(String node, String body, Instant now) {
        String text = body.trim();
        if (text.isEmpty() || text.startsWith("+OK No active conferences")) {
            return List.of();
        }
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("conference json_list: not JSON: " + abbreviate(text), e);
        }
        if (root == null || !root.isArray()) {
            throw new IllegalArgumentException("conference json_list: expected an array, got: " + abbreviate(text));
        }
        List<Conference> conferences = new ArrayList<>();
        for (JsonNode c : root) {
            String name = c.path("conference_name").asText();
            List<Member> members = new ArrayList<>();
            for (JsonNode m : c.path("members")) {
                if (!"caller".equals(m.path("type").asText())) {
                    continue;
                }
                JsonNode flags = m.path("flags");
                boolean talking = flags.path("talking").asBoolean(false);
                long lastTalking = m.path("last_talking").asLong(0);
                Instant lastTalkingAt = talking ? now.minusSeconds(lastTalking) : lastTalking > 0 ? now.minusSeconds(lastTalking) : null;
                members.add(new Member(node, name, m.path("id").asInt(), m.path("uuid").asText(null),
                        m.path("caller_id_number").asText(null), m.path("caller_id_name").asText(null),
                        now.minusSeconds(m.path("join_time").asLong(0)), lastTalkingAt,
                        !flags.path("can_speak").asBoolean(true),
                        !flags.path("can_hear").asBoolean(true),
                        talking,
                        flags.path("has_video").asBoolean(false),
                        !flags.path("can_see").asBoolean(true),
                        flags.path("has_floor").asBoolean(false)));
            }
            members.sort(Comparator.comparingInt(Member::memberId));
            conferences.add(new Conference(node, name, c.path("conference_uuid").asText(null), null, members));
        }
        return conferences;
    }

    private static String abbreviate(String text) {
        return text.length() <= 120 ? text : text.substring(0, 120) + "...";
    }
}
