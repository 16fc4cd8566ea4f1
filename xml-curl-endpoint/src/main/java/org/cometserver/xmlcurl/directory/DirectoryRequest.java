package org.cometserver.xmlcurl.directory;

import java.util.List;
import java.util.Map;

/**
 * The fields of a mod_xml_curl lookup this endpoint reads (the rest of FreeSWITCH's event headers are ignored).
 * A user lookup ({@code switch_xml_locate_user}, e.g. for {@code action=sip_auth}, {@code user_call},
 * {@code user_exists}) carries {@code section=directory}, {@code tag_name=domain}, {@code key_name=name},
 * {@code key_value=<domain>}, {@code key=id}, {@code user=<name>}, {@code domain=<domain>}; domain-only lookups at
 * start-up ({@code purpose=gateways}, {@code purpose=network-list}) have no {@code user}.
 *
 * @param section FreeSWITCH's configuration section: {@code directory}, {@code dialplan}, {@code configuration}, …
 * @param action  {@code sip_auth}, {@code user_call}, … or empty
 * @param user    the user name, or empty
 * @param domain  the domain to answer for: {@code domain}, else {@code key_value} of a {@code tag_name=domain} lookup
 * @param dialplan a {@code section=dialplan} lookup's channel fields (empty strings for other sections)
 */
public record DirectoryRequest(String section, String action, String user, String domain, DialplanFields dialplan) {

    /**
     * What a dialplan lookup ({@code mod_dialplan_xml} with the channel's event headers) says of the call.
     *
     * @param context      {@code Hunt-Context}, the context being looked up
     * @param destination  {@code Hunt-Destination-Number}
     * @param uuid         the channel's {@code Unique-ID}
     * @param callerNumber {@code Caller-Caller-ID-Number}
     */
    public record DialplanFields(String context, String destination, String uuid, String callerNumber) {
        static final DialplanFields NONE = new DialplanFields("", "", "", "");
    }

    /** A lookup that is not a dialplan lookup. */
    public DirectoryRequest(String section, String action, String user, String domain) {
        this(section, action, user, domain, DialplanFields.NONE);
    }

    /** Builds the request from decoded form or query parameters; absent fields are empty, the first value counts. */
    public static DirectoryRequest of(Map<String, List<String>> parameters) {
        String domain = first(parameters, "domain");
        if (domain.isEmpty() && first(parameters, "tag_name").equals("domain")
                && first(parameters, "key_name").equals("name")) {
            domain = first(parameters, "key_value");
        }
        return new DirectoryRequest(first(parameters, "section"), first(parameters, "action"),
                first(parameters, "user"), domain, new DialplanFields(first(parameters, "Hunt-Context"),
                first(parameters, "Hunt-Destination-Number"), first(parameters, "Unique-ID"),
                first(parameters, "Caller-Caller-ID-Number")));
    }

    private static String first(Map<String, List<String>> parameters, String name) {
        List<String> values = parameters.get(name);
        return values == null || values.isEmpty() ? "" : values.get(0);
    }
}
