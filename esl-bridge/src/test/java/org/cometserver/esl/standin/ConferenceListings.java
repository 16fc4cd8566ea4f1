package org.cometserver.esl.standin;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * mod_conference's three listings of the stand-in's conferences, field for field as recorded (03): the {@code list}
 * lines, {@code json_list} (as a map for {@link CJsonPrinter}) and {@code xml_list}.
 */
final class ConferenceListings {

    private ConferenceListings() {
    }

    static String listMembers(EmulatedConference conf, String d) {
        StringBuilder sb = new StringBuilder();
        for (EmulatedMember m : conf.members) {
            sb.append(m.id).append(d).append(m.channelName).append(d).append(m.uuid).append(d).append(m.callerIdName).append(d)
                    .append(m.callerIdNumber).append(d).append(m.listFlags()).append(d).append("0").append(d).append("0").append(d)
                    .append(m.energy).append('\n');
        }
        return sb.toString();
    }

    static Map<String, Object> json(EmulatedConference conf, Instant now) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("conference_name", conf.name);
        c.put("member_count", conf.members.size());
        c.put("ghost_count", 0);
        c.put("rate", 8000);
        c.put("run_time", Duration.between(conf.createdAt, now).toSeconds());
        c.put("conference_uuid", conf.uuid);
        c.put("canvas_count", 0);
        c.put("max_bw_in", 0);
        c.put("force_bw_in", 0);
        c.put("video_floor_packets", 0);
        for (String flag : List.of("locked", "destruct", "wait_mod", "audio_always")) {
            c.put(flag, false);
        }
        for (String flag : List.of("running", "answered", "enforce_min")) {
            c.put(flag, true);
        }
        c.put("bridge_to", false);
        for (String flag : List.of("dynamic", "exit_sound", "enter_sound")) {
            c.put(flag, true);
        }
        for (String flag : List.of("recording", "video_bridge", "video_floor_only", "video_rfc4579")) {
            c.put(flag, false);
        }
        c.put("variables", new LinkedHashMap<>());
        List<Object> members = new ArrayList<>();
        for (EmulatedMember m : conf.members) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("type", "caller");
            j.put("id", m.id);
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("can_hear", m.hear);
            f.put("can_see", m.see);
            f.put("can_speak", m.speak);
            f.put("hold", m.hold);
            f.put("mute_detect", false);
            f.put("talking", m.talking);
            f.put("has_video", m.video);
            f.put("video_bridge", false);
            f.put("has_floor", m.floor);
            f.put("is_moderator", false);
            f.put("end_conference", false);
            f.put("mandatory_member_end_conference", false);
            f.put("pass_digits", false);
            j.put("flags", f);
            j.put("uuid", m.uuid);
            j.put("caller_id_name", m.callerIdName);
            j.put("caller_id_number", m.callerIdNumber);
            j.put("join_time", Duration.between(m.joinedAt, now).toSeconds());
            j.put("last_talking", m.lastTalking == null || m.talking ? 0 : Duration.between(m.lastTalking, now).toSeconds());
            j.put("energy", m.energy);
            j.put("volume_in", 0);
            j.put("volume_out", 0);
            j.put("output-volume", 0);
            j.put("input-volume", 0);
            members.add(j);
        }
        c.put("members", members);
        return c;
    }

    static String xml(List<EmulatedConference> list, Instant now) {
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\"?>\n<conferences>\n");
        for (EmulatedConference conf : list) {
            sb.append("  <conference name=\"").append(conf.name).append("\" member-count=\"").append(conf.members.size())
                    .append("\" ghost-count=\"0\" rate=\"8000\" uuid=\"").append(conf.uuid)
                    .append("\" running=\"true\" answered=\"true\" enforce_min=\"true\" dynamic=\"true\" exit_sound=\"true\" enter_sound=\"true\" run_time=\"")
                    .append(Duration.between(conf.createdAt, now).toSeconds()).append("\">\n");
            sb.append("    <variables></variables>\n    <members>\n");
            for (EmulatedMember m : conf.members) {
                sb.append("      <member type=\"caller\">\n");
                sb.append("        <id>").append(m.id).append("</id>\n        <flags>\n");
                tag(sb, "can_hear", m.hear);
                tag(sb, "can_see", m.see);
                tag(sb, "can_speak", m.speak);
                tag(sb, "mute_detect", false);
                tag(sb, "talking", m.talking);
                tag(sb, "hold", m.hold);
                tag(sb, "has_video", m.video);
                tag(sb, "video_bridge", false);
                tag(sb, "has_floor", m.floor);
                tag(sb, "is_moderator", false);
                tag(sb, "end_conference", false);
                tag(sb, "mandatory_member_end_conference", false);
                tag(sb, "is_ghost", false);
                sb.append("        </flags>\n");
                sb.append("        <uuid>").append(m.uuid).append("</uuid>\n");
                sb.append("        <caller_id_name>").append(m.callerIdName).append("</caller_id_name>\n");
                sb.append("        <caller_id_number>").append(m.callerIdNumber).append("</caller_id_number>\n");
                sb.append("        <join_time>").append(Duration.between(m.joinedAt, now).toSeconds()).append("</join_time>\n");
                sb.append("        <last_talking>").append(m.lastTalking == null ? "N/A"
                        : m.talking ? "0" : Long.toString(Duration.between(m.lastTalking, now).toSeconds())).append("</last_talking>\n");
                sb.append("        <energy>").append(m.energy).append("</energy>\n");
                sb.append("        <volume_in>0</volume_in>\n        <volume_out>0</volume_out>\n        <output-volume>0</output-volume>\n");
                sb.append("      </member>\n");
            }
            sb.append("    </members>\n  </conference>\n");
        }
        return sb.append("</conferences>\n").toString();
    }

    private static void tag(StringBuilder sb, String name, boolean value) {
        sb.append("          <").append(name).append('>').append(value).append("</").append(name).append(">\n");
    }
}
