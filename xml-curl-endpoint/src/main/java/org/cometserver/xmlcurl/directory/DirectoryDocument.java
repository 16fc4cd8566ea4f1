package org.cometserver.xmlcurl.directory;

/**
 * The two documents FreeSWITCH gets: a user's directory entry, and the standard {@code not found} result.
 *
 * <p>The user document is CppComet's (docs/CPPCOMET.md §4.4: dial-string, password, the same variables) with
 * one change: the {@code <domain name>} is the domain FreeSWITCH asked for, not a fixed {@code FSdefaultDomain}
 * (FreeSWITCH ignores a document for another domain: {@code Can't find user}, recording
 * {@code xml-curl-requests/15-get-cppcomet-style-answers}). Its bytes are those FreeSWITCH 1.10 accepted in the
 * recordings. {@code $${...}} is expanded by FreeSWITCH's pre-processor when it parses the document.
 */
public final class DirectoryDocument {

    /** FreeSWITCH's own answer for "no such entry": it looks no further and logs nothing. */
    public static final String NOT_FOUND =
            "<document type=\"freeswitch/xml\"><section name=\"result\"><result status=\"not found\"/></section></document>";

    // CppComet: §4.4, the same dial-string, password param and variables; %1$s is the requested domain
    private static final String USER_TEMPLATE = """
            <document type="freeswitch/xml">
              <section name="directory">
                <domain name="%1$s">
                  <params>
                    <param name="dial-string" value="{presence_id=${dialed_user}@${dialed_domain}}${sofia_contact(${dialed_user}@${dialed_domain})}"/>
                  </params>
                  <groups>
                    <group name="default">
                      <users>
                        <user id="%2$s">
                          <params>
                            <param name="password" value="%3$s"/>
                          </params>
                          <variables>
                            <variable name="toll_allow" value="domestic,international,local"/>
                            <variable name="accountcode" value="%2$s"/>
                            <variable name="user_context" value="%4$s"/>
                            <variable name="effective_caller_id_name" value="Extension %2$s"/>
                            <variable name="effective_caller_id_number" value="%2$s"/>
                            <variable name="outbound_caller_id_name" value="$${outbound_caller_name}"/>
                            <variable name="outbound_caller_id_number" value="$${outbound_caller_id}"/>
                            <variable name="callgroup" value="techsupport"/>
            %5$s              </variables>
                        </user>
                      </users>
                    </group>
                  </groups>
                </domain>
              </section>
            </document>
            """;

    /** The dialplan context of conference guests (freeswitch-conf/dialplan/comet_guest.xml). */
    public static final String GUEST_CONTEXT = "comet_guest";

    private DirectoryDocument() {
    }

    /**
     * The directory entry of one user in one domain.
     *
     * @throws IllegalArgumentException when the domain or password holds a character XML 1.0 cannot carry
     */
    public static String user(String domain, SipUserName user, String password) {
        return USER_TEMPLATE.formatted(XmlText.attribute(domain), user, XmlText.attribute(password), "default", "");
    }

    /**
     * A conference guest's entry: CppComet's with {@code user_context=comet_guest} (freeswitch-conf's guest dialplan,
     * which only joins the guest's room) and the variable {@code comet_guest_room} = {@code <dev_id>*<room>}.
     *
     * @throws IllegalArgumentException as {@link #user}
     */
    public static String guest(String domain, SipUserName user, String password, String room) {
        return USER_TEMPLATE.formatted(XmlText.attribute(domain), user, XmlText.attribute(password), GUEST_CONTEXT,
                "                <variable name=\"comet_guest_room\" value=\"" + XmlText.attribute(room) + "\"/>\n");
    }
}
