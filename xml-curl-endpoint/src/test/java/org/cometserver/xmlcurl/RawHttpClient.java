package org.cometserver.xmlcurl;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Sends bytes over a real socket and reads the response up to the server's close, as mod_xml_curl's libcurl does. */
public final class RawHttpClient {
    private static final int TIMEOUT_MILLIS = 5000;

    private RawHttpClient() {
    }

    /** A response as read off the wire. */
    public record Response(int status, Map<String, String> headers, String body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    public static Response exchange(InetSocketAddress server, byte[] request) throws IOException {
        return parse(sendAndReadAll(server, request));
    }

    public static Response exchange(InetSocketAddress server, String request) throws IOException {
        return exchange(server, request.getBytes(StandardCharsets.UTF_8));
    }

    /** Everything the server sent until it closed; fails if it does not close within five seconds. */
    public static byte[] sendAndReadAll(InetSocketAddress server, byte[] request) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(server, TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            socket.getOutputStream().write(request);
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            int n;
            while (true) {
                try {
                    n = in.read(buffer);
                } catch (SocketException reset) {
                    // the server may close while the client is still writing a body it refused
                    break;
                }
                if (n < 0) {
                    break;
                }
                received.write(buffer, 0, n);
            }
            return received.toByteArray();
        }
    }

    public static Response parse(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        int headerEnd = text.indexOf("\r\n\r\n");
        if (headerEnd < 0) {
            throw new AssertionError("no complete response: '" + text + "'");
        }
        String[] lines = text.substring(0, headerEnd).split("\r\n");
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip());
        }
        String body = text.substring(headerEnd + 4);
        String length = headers.get("content-length");
        if (length == null || Integer.parseInt(length) != body.getBytes(StandardCharsets.UTF_8).length) {
            throw new AssertionError("body of " + body.length() + " bytes, Content-Length " + length + ": '" + text + "'");
        }
        return new Response(Integer.parseInt(lines[0].split(" ")[1]), headers, body);
    }
}
