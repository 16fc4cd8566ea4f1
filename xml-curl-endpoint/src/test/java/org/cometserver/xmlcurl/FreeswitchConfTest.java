package org.cometserver.xmlcurl;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The drop-in FreeSWITCH configuration of module {@code freeswitch-conf}: every file is well-formed XML, and the
 * values FreeSWITCH and the comet server must share agree with {@code comet.ini.example} and this endpoint's defaults.
 */
class FreeswitchConfTest {
    private static final Pattern VARIABLE = Pattern.compile("\\$\\$\\{([^}]+)}");

    private static Path repo;
    private static Path conf;
    private static Map<String, Document> documents;
    private static Map<String, String> vars;

    @BeforeAll
    static void parseEverything() throws Exception {
        repo = repoRoot();
        conf = repo.resolve("freeswitch-conf");
        documents = new LinkedHashMap<>();
        try (Stream<Path> files = Files.walk(conf)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".xml") && !f.getFileName().toString().equals("pom.xml"))
                    .sorted().toList()) {
                documents.put(conf.relativize(file).toString().replace('\\', '/'),
                        DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile()));
            }
        }
        vars = new HashMap<>();
        for (Element set : elements(documents.get("vars.xml"), "X-PRE-PROCESS")) {
            String data = set.getAttribute("data");
            vars.put(data.substring(0, data.indexOf('=')), data.substring(data.indexOf('=') + 1));
        }
    }

    @Test
    void everyExpectedFileIsThereAndWellFormed() {
        assertEquals(Set.of("vars.xml", "autoload_configs/xml_curl.conf.xml", "autoload_configs/event_socket.conf.xml",
                "autoload_configs/conference.conf.xml", "autoload_configs/modules.conf.xml",
                "dialplan/default/00_comet_conferences.xml", "dialplan/default/01_comet_calls.xml",
                "dialplan/default/00_comet_dialin.xml", "dialplan/public/00_comet_dialin.xml",
                "dialplan/comet_dialin.xml", "dialplan/comet_guest.xml", "sip_profiles/internal.xml",
                "sip_profiles/external/comet_gateway.xml"), documents.keySet());
    }

    @Test
    void everyVariableUsedIsSetInVarsOrByFreeswitch() {
        // set by FreeSWITCH or by the stock vars.xml ours is added to (hold_music, sound_prefix)
        Set<String> builtIn = Set.of("local_ip_v4", "recordings_dir", "certs_dir", "hold_music", "sound_prefix",
                "outbound_caller_name", "outbound_caller_id");
        for (Map.Entry<String, Document> file : documents.entrySet()) {
            for (String name : variablesIn(file.getValue().getDocumentElement())) {
                assertTrue(vars.containsKey(name) || builtIn.contains(name), file.getKey() + " uses $${" + name + "}");
            }
        }
    }

    @Test
    void directoryBindingPointsAtThisEndpointWithCredentials() throws IOException {
        Map<String, String> params = params(documents.get("autoload_configs/xml_curl.conf.xml"), "binding", "directory");
        Map<String, String> freeswitch = cometIni().get("freeswitch");
        assertEquals("http://127.0.0.1:" + freeswitch.get("port") + XmlCurlConfig.defaults().path(),
                expand(params.get("gateway-url")));
        assertEquals(String.valueOf(XmlCurlConfig.defaults().port()), freeswitch.get("port"));
        String credentials = expand(params.get("gateway-credentials"));
        assertTrue(credentials.matches("[^:;#\\s]+:[^;#\\s]+"), credentials);
        assertEquals("basic", params.get("auth-scheme"));
        assertTrue(Set.of("GET", "POST").contains(params.get("method")));
        assertTrue(Integer.parseInt(params.get("timeout")) > XmlCurlConfig.defaults().lookupTimeout().toSeconds());
    }

    @Test
    void eventSocketMatchesTheSipFreeswitchEntry() throws IOException {
        Map<String, String> node = sipFreeswitchExample();
        Map<String, String> params = params(documents.get("autoload_configs/event_socket.conf.xml"), "settings", null);
        assertEquals(node.get("Port"), expand(params.get("listen-port")));
        assertEquals(node.get("Pwd"), expand(params.get("password")));
        assertEquals("8021", node.get("Port"));
        assertEquals("ClueCon", node.get("Pwd"));
    }

    @Test
    void internalProfileServesWssOnTheWsPortAndForcesTheDomain() throws IOException {
        Map<String, String> params = params(documents.get("sip_profiles/internal.xml"), "settings", null);
        assertEquals(":" + sipFreeswitchExample().get("WSport"), expand(params.get("wss-binding")));
        assertEquals(":7443", expand(params.get("wss-binding")));
        assertTrue(expand(params.get("ws-binding")).matches(":\\d+"));
        assertEquals("FSdefaultDomain", expand(params.get("force-register-domain")));
        assertEquals("true", params.get("inbound-reg-force-matching-username"));
        assertEquals("true", params.get("auth-calls"));
        // every browser of a user stays registered, so that a call to the user rings them all
        assertEquals("contact", params.get("multiple-registrations"));
    }

    @Test
    void conferenceProfilesAreDefaultVideoAndAudio() {
        Document document = documents.get("autoload_configs/conference.conf.xml");
        List<String> profiles = elements(document, "profile").stream().map(p -> p.getAttribute("name")).toList();
        assertEquals(List.of("default", "video", "audio"), profiles);
        Set<String> controlGroups = elements(document, "group").stream().map(g -> g.getAttribute("name"))
                .collect(Collectors.toSet());
        for (String profile : profiles) {
            Map<String, String> params = params(document, "profile", profile);
            assertTrue(controlGroups.contains(params.get("caller-controls")), profile);
            assertEquals("FSdefaultDomain", expand(params.get("domain")), profile);
        }
        assertEquals("mux", params(document, "profile", "video").get("video-mode"));
        assertFalse(params(document, "profile", "audio").containsKey("video-mode"));
    }

    @Test
    void dialplanJoinsCppCometSipNumbersToTheirConference() {
        List<Element> extensions = elements(documents.get("dialplan/default/00_comet_conferences.xml"), "extension");
        // the number INSERT INTO conference sends to the browser: <dev_id>*<name>*<profile> (spec 4.2)
        assertEquals("0*101-FSdefaultDomain@video", route(extensions, "0*101*video").get("conference"));
        assertEquals("0*3000-FSdefaultDomain@default", route(extensions, "0*3000*default").get("conference"));
        assertEquals("12345*room_1-a-FSdefaultDomain@audio", route(extensions, "12345*room_1-a*audio").get("conference"));
        assertEquals("OPUS,PCMU,PCMA", route(extensions, "7*5*audio").get("set").replace("absolute_codec_string=", ""));
        for (String other : List.of("1000", "0*101", "*101*video", "0*10 1*video", "0*101*vid[eo", "a*101*video")) {
            assertTrue(route(extensions, other).isEmpty(), other);
        }
    }

    @Test
    void dialplanRoutesSipCallsToBrowserUsersSipUsersAndTheGateway() {
        List<Element> extensions = elements(documents.get("dialplan/default/01_comet_calls.xml"), "extension");
        // SIP device -> browser user <6-digit dev_id><user id> (SipUserName): every registration of the user rings
        Map<String, String> browser = route(extensions, "destination_number", "00000012");
        assertEquals("{comet_direction=in,comet_dev_id=000000,comet_user_id=12}user/00000012@FSdefaultDomain",
                browser.get("bridge"));
        assertFailedBridgeHangsUpWithItsCause(browser);
        assertEquals("{comet_direction=in,comet_dev_id=123456,comet_user_id=999999999}user/123456999999999@FSdefaultDomain",
                route(extensions, "destination_number", "123456999999999").get("bridge"));
        // browser user -> SIP user / extension
        Map<String, String> sipUser = route(extensions, "destination_number", "1234");
        assertEquals("user/1234@FSdefaultDomain", sipUser.get("bridge"));
        assertFailedBridgeHangsUpWithItsCause(sipUser);
        // browser user -> phone number through the gateway, given with a leading +
        Map<String, String> number = route(extensions, "destination_number", "+4930123456");
        assertEquals("sofia/gateway/comet_gateway/4930123456", number.get("bridge"));
        assertFailedBridgeHangsUpWithItsCause(number);
        // not SIP names (a leading zero in the user id, too long), not numbers: no route here
        for (String other : List.of("00000001", "1234567890123456", "12", "+12345", "0*101*video", "abc", "")) {
            assertTrue(route(extensions, "destination_number", other).isEmpty(), other);
        }
    }

    @Test
    void guestsJoinOnlyTheRoomOfTheirPass() {
        Document guest = documents.get("dialplan/comet_guest.xml");
        assertEquals(List.of("comet_guest"), elements(guest, "context").stream().map(c -> c.getAttribute("name")).toList());
        List<Element> extensions = elements(guest, "extension");
        String field = "${destination_number}/${comet_guest_room}";
        assertEquals("0*101-FSdefaultDomain@video", route(extensions, field, "0*101*video/0*101").get("conference"));
        assertEquals("OPUS,PCMU,PCMA", route(extensions, field, "3*r-1*audio/3*r-1").get("set")
                .replace("absolute_codec_string=", ""));
        // another room, a room whose name only starts like it, another dev_id, no room: the refusal
        for (String other : List.of("0*102*video/0*101", "0*1011*video/0*101", "0*10*video/0*101", "1*101*video/0*101",
                "0*101*video/", "00000012/0*101", "+4930123456/0*101")) {
            assertTrue(route(extensions, field, other).isEmpty(), other);
            assertEquals(Map.of("log", "WARNING comet guest ${caller_id_number} refused: ${destination_number} is not"
                    + " its room ${comet_guest_room}", "respond", "403 Forbidden"),
                    route(extensions, "destination_number", other.substring(0, other.indexOf('/'))), other);
        }
    }

    @Test
    void browserUsersReachOnlyBrowserUsersOfTheirOwnDevId() {
        List<Element> extensions = elements(documents.get("dialplan/default/01_comet_calls.xml"), "extension");
        String field = "${user_name}:${destination_number}";
        // FreeSWITCH tries extensions in order: the refusal must come before the extension that would bridge
        assertEquals(List.of("comet_call_other_dev", "comet_browser_user", "comet_sip_user", "comet_gateway_number"),
                extensions.stream().map(e -> e.getAttribute("name")).toList());
        assertEquals(Map.of("hangup", "CALL_REJECTED"), route(extensions, field, "0000015:0000027"));
        for (String allowed : List.of("0000015:0000017", ":0000027", "1000:0000027", "0000015:1000")) {
            assertTrue(route(extensions, field, allowed).isEmpty(), allowed);
        }
    }

    private static void assertFailedBridgeHangsUpWithItsCause(Map<String, String> actions) {
        assertEquals(List.of("set", "bridge", "hangup"), List.copyOf(actions.keySet()));
        assertEquals("${originate_disposition}", actions.get("hangup"));
    }

    @Test
    void theGatewayExampleIsCommentedOutAndNamedAsTheDialplanUsesIt() throws IOException {
        assertTrue(elements(documents.get("sip_profiles/external/comet_gateway.xml"), "gateway").isEmpty());
        String text = Files.readString(conf.resolve("sip_profiles/external/comet_gateway.xml"));
        assertTrue(text.contains("<gateway name=\"" + vars.get("comet_gateway") + "\">"), text);
        assertTrue(Integer.parseInt(vars.get("comet_call_timeout")) > 0);
    }

    @Test
    void modulesIncludeWhatCometConferencesNeed() {
        Set<String> modules = elements(documents.get("autoload_configs/modules.conf.xml"), "load").stream()
                .map(l -> l.getAttribute("module")).collect(Collectors.toSet());
        for (String needed : List.of("mod_xml_curl", "mod_event_socket", "mod_sofia", "mod_conference",
                "mod_dialplan_xml", "mod_dptools", "mod_commands", "mod_loopback", "mod_opus")) {
            assertTrue(modules.contains(needed), needed);
        }
        // VP8 is in FreeSWITCH 1.10's core; a mod_vpx line is a CRIT "module not found" on every start
        assertFalse(modules.contains("mod_vpx"));
    }

    /** The actions of the first extension whose destination_number expression matches, with $1/$2 substituted. */
    private static Map<String, String> route(List<Element> extensions, String number) {
        return route(extensions, "destination_number", number);
    }

    /**
     * The actions of the first extension whose condition on {@code field} matches {@code value}, with $1/$2
     * substituted; extensions conditioned on another field are passed over. A repeated application (several
     * {@code set}s) keeps its last data.
     */
    private static Map<String, String> route(List<Element> extensions, String field, String value) {
        for (Element extension : extensions) {
            Element condition = elements(extension, "condition").get(0);
            if (!field.equals(condition.getAttribute("field"))) {
                continue;
            }
            Matcher m = Pattern.compile(condition.getAttribute("expression")).matcher(value);
            if (m.matches()) {
                Map<String, String> actions = new LinkedHashMap<>();
                for (Element action : elements(condition, "action")) {
                    String data = action.getAttribute("data");
                    for (int g = m.groupCount(); g >= 1; g--) {
                        data = data.replace("$" + g, m.group(g));
                    }
                    actions.put(action.getAttribute("application"), expand(data));
                }
                return actions;
            }
        }
        return Map.of();
    }

    /** name → value of the {@code param}s under the first {@code <parent>} (with {@code name=parentName}, if given). */
    private static Map<String, String> params(Document document, String parent, String parentName) {
        for (Element candidate : elements(document, parent)) {
            if (parentName == null || parentName.equals(candidate.getAttribute("name"))) {
                Map<String, String> params = new LinkedHashMap<>();
                for (Element param : elements(candidate, "param")) {
                    params.put(param.getAttribute("name"), param.getAttribute("value"));
                }
                return params;
            }
        }
        throw new AssertionError("no <" + parent + " name=" + parentName + ">");
    }

    private static String expand(String value) {
        Matcher m = VARIABLE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement = vars.get(m.group(1));
            assertTrue(replacement != null, "$${" + m.group(1) + "} is not set in vars.xml");
            m.appendReplacement(out, Matcher.quoteReplacement(expand(replacement)));
        }
        return m.appendTail(out).toString();
    }

    private static List<String> variablesIn(Element element) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < element.getAttributes().getLength(); i++) {
            Matcher m = VARIABLE.matcher(element.getAttributes().item(i).getNodeValue());
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        for (Element child : elements(element, "*")) {
            names.addAll(variablesIn(child));
        }
        return names;
    }

    private static List<Element> elements(Document document, String tag) {
        return elements(document.getDocumentElement(), tag);
    }

    private static List<Element> elements(Element parent, String tag) {
        NodeList nodes = parent.getElementsByTagName(tag);
        List<Element> list = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            list.add((Element) nodes.item(i));
        }
        return list;
    }

    /** comet.ini.example as section → key → value (CppComet's rules: ';' or '#' starts a comment anywhere). */
    private static Map<String, Map<String, String>> cometIni() throws IOException {
        Map<String, Map<String, String>> sections = new HashMap<>();
        Map<String, String> current = null;
        for (String raw : Files.readAllLines(repo.resolve("comet.ini.example"))) {
            String line = raw.replaceFirst("[;#].*", "").strip();
            if (line.startsWith("[") && line.endsWith("]")) {
                current = sections.computeIfAbsent(line.substring(1, line.length() - 1), s -> new HashMap<>());
            } else if (current != null && line.contains("=")) {
                current.put(line.substring(0, line.indexOf('=')).strip(), line.substring(line.indexOf('=') + 1).strip());
            }
        }
        return sections;
    }

    /** The example {@code ; freeswitch = []Server=...,Pwd=...,Port=...,WSport=...} entry of {@code [sip]}. */
    private static Map<String, String> sipFreeswitchExample() throws IOException {
        for (String line : Files.readAllLines(repo.resolve("comet.ini.example"))) {
            Matcher m = Pattern.compile("^;\\s*freeswitch\\s*=\\s*\\[](\\S+)").matcher(line);
            if (m.find()) {
                Map<String, String> entry = new HashMap<>();
                for (String pair : m.group(1).split(",")) {
                    entry.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
                }
                return entry;
            }
        }
        throw new AssertionError("no example [sip] freeswitch entry in comet.ini.example");
    }

    private static Path repoRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("freeswitch-conf")) && Files.isRegularFile(dir.resolve("comet.ini.example"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no freeswitch-conf above " + Path.of("").toAbsolutePath());
    }
}
