package org.cometserver.esl.call;

import org.cometserver.esl.conference.ConferenceNames;

import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A click-to-call: FreeSWITCH first calls {@link #endpoint()} (the browser user's registered SIP leg) and, when it
 * answers, connects it to {@link #destination()}. Sent as
 * <pre>
 * bgapi originate {[origination_uuid=&lt;uuid&gt;,]origination_caller_id_number=..,origination_caller_id_name=..,
 *                  originate_timeout=..,comet_x=..}&lt;endpoint&gt; &amp;bridge([{origination_caller_id_number=..,
 *                  origination_caller_id_name=..}]&lt;destination&gt;)
 * </pre>
 * or, when {@code destination} is an extension (no {@code /}), {@code ... <endpoint> <destination> XML <context>}.
 * Every value is checked before anything is sent ({@link IllegalArgumentException}); names may contain spaces (sent
 * single-quoted), no other value may.
 *
 * @param uuid                 the uuid the browser leg gets ({@code origination_uuid}), so that its events can be matched
 *                             before originate answers; null lets FreeSWITCH choose. Null is the only choice for an
 *                             endpoint that forks ({@code user/<name>} of a user registered on several devices): FreeSWITCH
 *                             gives the fixed uuid to the first leg and refuses every other one ("Duplicate UUID! Error
 *                             Creating Session", FreeSWITCH 1.10.12), so only one device would ring. Match such legs by a
 *                             {@code comet_*} variable instead
 * @param endpoint             {@code user/00000012@example.com} (a user of the directory: every registration rings), or
 *                             any dial string ({@code sofia/internal/...})
 * @param destination          a dial string to bridge to ({@code user/1000}, {@code sofia/gateway/gw1/+4930123},
 *                             {@code loopback/9197/default}) or an extension of {@code context} ({@code 1000})
 * @param context              dialplan context of an extension destination; null = {@code default}
 * @param callerIdNumber       what the browser's phone shows as the caller; null = FreeSWITCH's default
 * @param callerIdName         the same, display name; null = FreeSWITCH's default
 * @param bridgeCallerIdNumber what the destination sees as the caller; null = FreeSWITCH passes {@code callerIdNumber}
 * @param bridgeCallerIdName   the same, display name
 * @param variables            channel variables for the browser leg, each name {@code comet_[a-z0-9_]+}
 *                             ({@code comet_dev_id}, {@code comet_user_id}, {@code comet_session}); reported back in
 *                             {@link SipLeg#variables()}
 * @param timeout              how long the browser may ring ({@code originate_timeout}, whole seconds); null = FreeSWITCH's
 *                             60 s
 */
public record OriginateRequest(String uuid, String endpoint, String destination, String context, String callerIdNumber,
                               String callerIdName, String bridgeCallerIdNumber, String bridgeCallerIdName,
                               Map<String, String> variables, Duration timeout) {

    private static final Pattern VARIABLE_NAME = Pattern.compile("comet_[a-z0-9_]{1,32}");
    private static final Pattern VARIABLE_VALUE = Pattern.compile("[A-Za-z0-9*#_.+@:/=-]{0,256}");
    private static final Pattern EXTENSION = Pattern.compile("[A-Za-z0-9*#+_.@-]{1,128}");
    private static final Pattern CONTEXT = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    public OriginateRequest {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(destination, "destination");
        variables = Collections.unmodifiableMap(new TreeMap<>(variables == null ? Map.of() : variables));
    }

    /** The common case: ring {@code endpoint}, bridge to {@code destination}, with our variables. */
    public static OriginateRequest of(String uuid, String endpoint, String destination, Map<String, String> variables) {
        return new OriginateRequest(uuid, endpoint, destination, null, null, null, null, null, variables, null);
    }

    public OriginateRequest withCallerId(String number, String name) {
        return new OriginateRequest(uuid, endpoint, destination, context, number, name, bridgeCallerIdNumber,
                bridgeCallerIdName, variables, timeout);
    }

    public OriginateRequest withBridgeCallerId(String number, String name) {
        return new OriginateRequest(uuid, endpoint, destination, context, callerIdNumber, callerIdName, number, name,
                variables, timeout);
    }

    public OriginateRequest withTimeout(Duration ringTimeout) {
        return new OriginateRequest(uuid, endpoint, destination, context, callerIdNumber, callerIdName,
                bridgeCallerIdNumber, bridgeCallerIdName, variables, ringTimeout);
    }

    /** True when {@link #destination()} is a dial string (bridged), false for an extension (run in the dialplan). */
    public boolean bridges() {
        return destination.indexOf('/') >= 0;
    }

    /**
     * The {@code originate} argument line for {@code channelUuid} (the request's uuid, or the one the bridge chose).
     *
     * @throws IllegalArgumentException when a value cannot be sent safely
     */
    public String apiLine(String channelUuid) {
        if (channelUuid != null && !CallCommand.UUID.matcher(channelUuid).matches()) {
            throw new IllegalArgumentException("origination uuid: " + channelUuid + " (expected: " + CallCommand.UUID.pattern() + ")");
        }
        // ",name=value" each; the first comma becomes the opening brace below
        StringBuilder vars = new StringBuilder();
        if (channelUuid != null) {
            vars.append(",origination_uuid=").append(channelUuid);
        }
        appendCallerId(vars, callerIdNumber, callerIdName);
        if (timeout != null) {
            long seconds = timeout.toSeconds();
            if (seconds < 1 || seconds > 3600) {
                throw new IllegalArgumentException("ring timeout: " + timeout + " (expected: 1 s to 1 h)");
            }
            vars.append(",originate_timeout=").append(seconds);
        }
        variables.forEach((name, value) -> {
            require("variable name", name, VARIABLE_NAME);
            require("value of " + name, value, VARIABLE_VALUE);
            vars.append(',').append(name).append('=').append(value);
        });
        String braces = vars.isEmpty() ? "" : "{" + vars.substring(1) + "}";
        String line = "originate " + braces + ConferenceNames.requireDialString(endpoint) + " ";
        if (bridges()) {
            StringBuilder bridgeVars = new StringBuilder();
            if (bridgeCallerIdNumber != null || bridgeCallerIdName != null) {
                appendCallerId(bridgeVars, bridgeCallerIdNumber, bridgeCallerIdName);
                bridgeVars.replace(0, 1, "{").append('}');
            }
            return line + "&bridge(" + bridgeVars + ConferenceNames.requireDialString(destination) + ")";
        }
        require("extension", destination, EXTENSION);
        return line + destination + " XML " + require("dialplan context", context == null ? "default" : context, CONTEXT);
    }

    /** Appends {@code ,origination_caller_id_number=..,origination_caller_id_name=..} for the non-null ones. */
    private static void appendCallerId(StringBuilder sb, String number, String name) {
        if (number != null) {
            sb.append(",origination_caller_id_number=").append(ConferenceNames.requireCallerIdNumber(number));
        }
        if (name != null) {
            String n = ConferenceNames.requireCallerIdName(name);
            sb.append(",origination_caller_id_name=").append(n.indexOf(' ') >= 0 ? "'" + n + "'" : n);
        }
    }

    private static String require(String what, String value, Pattern pattern) {
        if (value == null || !pattern.matcher(value).matches()) {
            throw new IllegalArgumentException(what + ": " + value + " (expected: " + pattern.pattern() + ")");
        }
        return value;
    }
}
