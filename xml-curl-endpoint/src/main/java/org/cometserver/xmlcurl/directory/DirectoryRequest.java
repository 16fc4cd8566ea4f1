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
 */
public record DirectoryRequest(String section, String action, String user, String domain) {

    /** Builds the request from decoded form or query parameters; absent fields are empty, the first value counts. */
    public static DirectoryRequest of(Map<String, List<String>> parameters) {
        String domain = first(parameters, "domain");
        if (domain.isEmpty() && first(parameters, "tag_name").equals("domain")
                && first(parameters, "key_name").equals("name")) {
            domain = first(parameters, "key_value");
        }
        return new DirectoryRequest(first(parameters, "section"), first(parameters, "action"),
                first(parameters, "user"), domain);
    }

    private static String first(Map<String, List<String>> parameters, String name) {
        List<String> values = parameters.get(name);
        return values == null || values.isEmpty() ? "" : values.get(0);
    }
}
