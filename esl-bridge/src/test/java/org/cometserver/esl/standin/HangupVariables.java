package org.cometserver.esl.standin;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The channel variables FreeSWITCH adds at hangup, as recorded (12b, 14): cause and Q.850 code, the SIP status an
 * unanswered inbound SIP leg was refused with, the accounting times, and for answered SIP legs mod_sofia's RTP figures.
 */
final class HangupVariables {

    private static final Map<String, String> Q850 = Map.ofEntries(Map.entry("NORMAL_CLEARING", "16"),
            Map.entry("USER_BUSY", "17"), Map.entry("NO_ANSWER", "19"), Map.entry("CALL_REJECTED", "21"),
            Map.entry("NO_ROUTE_DESTINATION", "3"), Map.entry("UNALLOCATED_NUMBER", "1"),
            Map.entry("USER_NOT_REGISTERED", "606"), Map.entry("SUBSCRIBER_ABSENT", "20"),
            Map.entry("ORIGINATOR_CANCEL", "487"), Map.entry("DESTINATION_OUT_OF_ORDER", "27"),
            Map.entry("MANAGER_REQUEST", "503"));
    /** The SIP response FreeSWITCH sends an unanswered inbound SIP leg for a cause (sofia's cause→status table). */
    private static final Map<String, String> SIP_STATUS = Map.of("USER_BUSY", "486", "CALL_REJECTED", "603",
            "NO_ROUTE_DESTINATION", "404", "UNALLOCATED_NUMBER", "404", "USER_NOT_REGISTERED", "480", "NO_ANSWER", "480",
            "ORIGINATOR_CANCEL", "487", "SUBSCRIBER_ABSENT", "480");

    private HangupVariables() {
    }

    static void add(EmulatedChannel ch, String cause, Instant now) {
        Map<String, String> v = ch.variables;
        if ("inbound".equals(ch.direction) && ch.signalsHold() && !ch.isAnswered() && SIP_STATUS.containsKey(cause)) {
            v.putIfAbsent("sip_term_status", SIP_STATUS.get(cause));
            v.putIfAbsent("proto_specific_hangup_cause", "sip:" + SIP_STATUS.get(cause));
        }
        v.put("hangup_cause", cause);
        v.put("hangup_cause_q850", Q850.getOrDefault(cause, "0"));
        long start = ch.created.getEpochSecond();
        long answer = ch.answeredAt == null ? 0 : ch.answeredAt.getEpochSecond();
        long end = now.getEpochSecond();
        v.put("start_epoch", Long.toString(start));
        v.put("start_uepoch", ChannelHeaders.micros(ch.created));
        v.put("answer_epoch", Long.toString(answer));
        v.put("answer_uepoch", ChannelHeaders.micros(ch.answeredAt));
        v.put("end_epoch", Long.toString(end));
        v.put("end_uepoch", ChannelHeaders.micros(now));
        v.put("duration", Long.toString(end - start));
        v.put("billsec", Long.toString(answer == 0 ? 0 : end - answer));
        v.put("billmsec", Long.toString(ch.answeredAt == null ? 0 : Duration.between(ch.answeredAt, now).toMillis()));
        if (ch.signalsHold() && ch.isAnswered()) {
            rtpStatistics(v, Duration.between(ch.answeredAt, now));
        }
    }

    /** The RTP figures mod_sofia reports at hangup (12b's names), for a call of {@code talk} at 50 packets a second. */
    private static void rtpStatistics(Map<String, String> v, Duration talk) {
        long packets = Math.max(1, talk.toMillis() / 20);
        v.put("rtp_audio_in_raw_bytes", Long.toString(packets * 172));
        v.put("rtp_audio_in_media_bytes", Long.toString(packets * 160));
        v.put("rtp_audio_in_packet_count", Long.toString(packets));
        v.put("rtp_audio_in_media_packet_count", Long.toString(packets));
        for (String zero : new String[]{"skip_packet_count", "jitter_packet_count", "dtmf_packet_count", "cng_packet_count",
                "flush_packet_count", "largest_jb_size"}) {
            v.put("rtp_audio_in_" + zero, "0");
        }
        for (String zero : new String[]{"jitter_min_variance", "jitter_max_variance", "jitter_loss_rate", "jitter_burst_rate"}) {
            v.put("rtp_audio_in_" + zero, "0.00");
        }
        v.put("rtp_audio_in_mean_interval", "20.00");
        v.put("rtp_audio_in_flaw_total", "0");
        v.put("rtp_audio_in_quality_percentage", "100.00");
        v.put("rtp_audio_in_mos", "4.50");
        v.put("rtp_audio_out_raw_bytes", Long.toString(packets * 172));
        v.put("rtp_audio_out_media_bytes", Long.toString(packets * 160));
        v.put("rtp_audio_out_packet_count", Long.toString(packets));
        v.put("rtp_audio_out_media_packet_count", Long.toString(packets));
        for (String zero : new String[]{"skip_packet_count", "dtmf_packet_count", "cng_packet_count"}) {
            v.put("rtp_audio_out_" + zero, "0");
        }
        v.put("rtp_audio_rtcp_packet_count", "0");
        v.put("rtp_audio_rtcp_octet_count", "0");
    }
}
