package org.cometserver.esl.standin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.cometserver.esl.codec.EslHeaders;

/**
 * mod_commands' channel commands of the stand-in, answered as FreeSWITCH 1.10.12 answers them (12, 12b, 13, 14):
 * {@code uuid_hold [off|toggle]}, {@code uuid_send_dtmf}, {@code uuid_transfer}, {@code uuid_kill}, {@code uuid_exists},
 * {@code show channels [count|as json]}. Runs under the {@link ChannelEmulator}'s lock.
 */
final class UuidCommands {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ChannelEmulator emulator;

    UuidCommands(ChannelEmulator emulator) {
        this.emulator = emulator;
    }

    /** The reply to {@code api <name> <args>}, or null for a command not emulated here. */
    String api(String name, String args) {
        String[] w = args.isEmpty() ? new String[0] : args.split(" +");
        return switch (name) {
            case "uuid_hold" -> hold(w);
            case "uuid_send_dtmf" -> sendDtmf(w);
            case "uuid_transfer" -> transfer(w);
            case "uuid_kill" -> kill(w);
            case "uuid_exists" -> Boolean.toString(w.length > 0 && emulator.channel(w[0]) != null);
            case "show" -> show(args.trim());
            default -> null;
        };
    }

    private String hold(String[] w) {
        String mode = w.length > 1 && (w[0].equals("off") || w[0].equals("toggle")) ? w[0] : "on";
        String uuid = mode.equals("on") ? (w.length > 0 ? w[0] : null) : w[1];
        if (uuid == null) {
            return "-USAGE: [off|toggle] <uuid> [<display>]\n";
        }
        EmulatedChannel ch = emulator.channel(uuid);
        if (ch == null) {
            return "+OK Success\n"; // sic: recording 13
        }
        boolean held = "HELD".equals(ch.callState);
        boolean hold = switch (mode) {
            case "off" -> false;
            case "toggle" -> !held;
            default -> true;
        };
        if (hold) {
            if (held) {
                return "-ERR Operation failed\n";
            }
            ch.lastHoldAt = emulator.now();
            if (ch.signalsHold()) {
                emulator.callState(ch, "HELD", ch.channelState, ch.channelStateNumber);
            }
            emulator.fireFull(ch, "CHANNEL_HOLD", "switch_channel.c", "switch_channel_perform_mark_hold", 1242, EslHeaders.EMPTY);
        } else {
            if (!held) {
                return "-ERR Operation failed\n"; // loopback legs never reach HELD (12)
            }
            emulator.callState(ch, "UNHELD", ch.channelState, ch.channelStateNumber);
            emulator.fireFull(ch, "CHANNEL_UNHOLD", "switch_channel.c", "switch_channel_perform_mark_hold", 1242, EslHeaders.EMPTY);
            emulator.callState(ch, "ACTIVE", ch.channelState, ch.channelStateNumber);
        }
        return "+OK Success\n";
    }

    private String sendDtmf(String[] w) {
        EmulatedChannel ch = w.length > 0 ? emulator.channel(w[0]) : null;
        if (ch == null || w.length < 2) {
            return "-ERR Cannot locate session!\n";
        }
        if ("loopback".equals(ch.endpoint)) {
            // The digits come out of the loopback pair's other half, where an application reads them (12).
            EmulatedChannel partner = emulator.loopbackPartner(ch);
            if (partner != null) {
                w[1].chars().forEach(d -> emulator.dtmf(partner, String.valueOf((char) d), "APP"));
            }
        }
        // SIP legs: RFC 2833 packets to the phone, no event (12b).
        return "+OK " + ch.uuid + " sent DTMF " + w[1] + ".\n";
    }

    private String transfer(String[] w) {
        if (w.length < 2) {
            return "-USAGE: <uuid> [-bleg|-both] <dest-exten> [<dialplan>] [<context>]\n";
        }
        EmulatedChannel ch = emulator.channel(w[0]);
        if (ch == null) {
            return "-ERR No such channel!\n";
        }
        String dialplan = w.length > 2 ? w[2] : "XML";
        String context = w.length > 3 ? w[3] : "default";
        EmulatedChannel partner = ch.other;
        if (partner != null && !partner.hungUp) {
            // The bridge ends; the partner's bridge application returns with nothing left to run (12).
            EmulatedChannel owner = partner.application != null && partner.application.startsWith("&bridge") ? partner : ch;
            emulator.unbridge(owner, null);
            ch.other = null;
            partner.other = null;
            emulator.hangup(partner, "NORMAL_CLEARING");
        }
        if (dialplan.equals("inline")) {
            emulator.routeInline(ch, w[1]);
        } else {
            emulator.route(ch, w[1], context);
        }
        return "+OK\n";
    }

    private String kill(String[] w) {
        if (w.length == 0) {
            return "-USAGE: <uuid> [cause]\n";
        }
        EmulatedChannel ch = emulator.channel(w[0]);
        if (ch == null) {
            return "-ERR No such channel!\n";
        }
        emulator.hangup(ch, w.length > 1 ? w[1] : "NORMAL_CLEARING");
        return "+OK\n";
    }

    private String show(String what) {
        return switch (what) {
            case "channels count" -> "\n" + emulator.channels().size() + " total.\n";
            case "channels as json" -> channelsJson();
            default -> "-USAGE: show codec|endpoint|application|api|dialplan|file|timer|calls [count]|channels [count|like <match string>]|calls|detailed_calls|bridged_calls|detailed_bridged_calls|aliases|complete|chat|management|modules|nat_map|say|interfaces|interface_types|tasks|limits|status\n";
        };
    }

    private String channelsJson() {
        if (emulator.channels().isEmpty()) {
            return "{\"row_count\": 0}\n"; // sic: 14
        }
        // a subset of the recorded columns (12), in their order
        ObjectNode root = JSON.createObjectNode().put("row_count", emulator.channels().size());
        ArrayNode rows = root.putArray("rows");
        for (EmulatedChannel ch : emulator.channels()) {
            rows.addObject().put("uuid", ch.uuid).put("direction", ch.direction)
                    .put("created_epoch", Long.toString(ch.created.getEpochSecond())).put("name", ch.name)
                    .put("state", ch.channelState).put("cid_name", ch.callerIdName).put("cid_num", ch.callerIdNumber)
                    .put("ip_addr", ch.signalsHold() ? "127.0.0.1" : "").put("dest", ch.destination)
                    .put("callstate", ch.callState).put("callee_name", ch.calleeName).put("callee_num", ch.calleeNumber)
                    .put("call_uuid", ch.other != null ? ch.uuid : "").put("hostname", "vm");
        }
        return root.toString();
    }
}
