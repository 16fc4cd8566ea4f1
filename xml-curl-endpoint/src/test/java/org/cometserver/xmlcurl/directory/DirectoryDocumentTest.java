package org.cometserver.xmlcurl.directory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DirectoryDocumentTest {
    private static final SipUserName USER = new SipUserName(0, 5);

    @Test
    void specialCharactersInThePasswordSurviveAnXmlParser() throws Exception {
        String password = "a&b<c>d\"e'f/g=h+i_j\tk\nl\rm%n$o";
        String xml = DirectoryDocument.user("127.0.0.1", USER, password);
        assertTrue(xml.contains("value=\"a&amp;b&lt;c&gt;d&quot;e&apos;f/g=h+i_j&#9;k&#10;l&#13;m%n$o\""), xml);
        assertEquals(password, passwordOf(parse(xml)));
    }

    @Test
    void domainIsEscapedToo() throws Exception {
        Document document = parse(DirectoryDocument.user("a\"b&c<d>", USER, "pw"));
        Element domain = (Element) document.getElementsByTagName("domain").item(0);
        assertEquals("a\"b&c<d>", domain.getAttribute("name"));
    }

    @Test
    void nonBmpCharactersPassAndUnrepresentableOnesAreRefused() throws Exception {
        assertEquals("pw\uD83D\uDE00", passwordOf(parse(DirectoryDocument.user("d", USER, "pw\uD83D\uDE00"))));
        for (String bad : new String[] {"a\u0000b", "a\u001Fb", "a\uFFFEb", "a\uD800b", "a\uDC00"}) {
            assertThrows(IllegalArgumentException.class, () -> DirectoryDocument.user("d", USER, bad), bad);
        }
    }

    @Test
    void userDocumentCarriesCppCometsParamsAndVariables() throws Exception {
        Document document = parse(DirectoryDocument.user("FSdefaultDomain", new SipUserName(7, 42), "hash"));
        Element user = (Element) document.getElementsByTagName("user").item(0);
        assertEquals("00000742", user.getAttribute("id"));
        assertEquals("directory", ((Element) document.getElementsByTagName("section").item(0)).getAttribute("name"));
        String variables = DirectoryDocument.user("FSdefaultDomain", new SipUserName(7, 42), "hash");
        for (String expected : new String[] {
                "name=\"dial-string\" value=\"{presence_id=${dialed_user}@${dialed_domain}}"
                        + "${sofia_contact(${dialed_user}@${dialed_domain})}\"",
                "name=\"toll_allow\" value=\"domestic,international,local\"",
                "name=\"accountcode\" value=\"00000742\"",
                "name=\"user_context\" value=\"default\"",
                "name=\"effective_caller_id_name\" value=\"Extension 00000742\"",
                "name=\"effective_caller_id_number\" value=\"00000742\"",
                "name=\"outbound_caller_id_name\" value=\"$${outbound_caller_name}\"",
                "name=\"outbound_caller_id_number\" value=\"$${outbound_caller_id}\"",
                "name=\"callgroup\" value=\"techsupport\""}) {
            assertTrue(variables.contains(expected), expected);
        }
    }

    @Test
    void aGuestIsCppCometsEntryInTheGuestContextWithItsRoom() throws Exception {
        SipUserName guest = new SipUserName(7, 1_000_000_003L);
        String xml = DirectoryDocument.guest("FSdefaultDomain", guest, "pw", "7*room-1");
        Document document = parse(xml);
        assertEquals("pw", passwordOf(document));
        Map<String, String> variables = new LinkedHashMap<>();
        NodeList list = document.getElementsByTagName("variable");
        for (int i = 0; i < list.getLength(); i++) {
            Element variable = (Element) list.item(i);
            variables.put(variable.getAttribute("name"), variable.getAttribute("value"));
        }
        assertEquals("comet_guest", variables.get("user_context"));
        assertEquals("7*room-1", variables.get("comet_guest_room"));
        assertEquals("0000071000000003", variables.get("effective_caller_id_number"));
        // a users_auth user's entry is byte for byte what FreeSWITCH accepted in the recordings
        String user = DirectoryDocument.user("FSdefaultDomain", guest, "pw");
        assertEquals(user, xml.replace("\"comet_guest\"", "\"default\"")
                .replace("                <variable name=\"comet_guest_room\" value=\"7*room-1\"/>\n", ""));
        assertTrue(user.contains("techsupport\"/>\n              </variables>"), user);
    }

    @Test
    void notFoundIsFreeswitchsResultDocument() throws Exception {
        Element result = (Element) parse(DirectoryDocument.NOT_FOUND).getElementsByTagName("result").item(0);
        assertEquals("not found", result.getAttribute("status"));
        assertEquals("result", ((Element) result.getParentNode()).getAttribute("name"));
    }

    private static String passwordOf(Document document) {
        Element param = (Element) document.getElementsByTagName("param").item(1);
        assertEquals("password", param.getAttribute("name"));
        return param.getAttribute("value");
    }

    private static Document parse(String xml) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }
}
