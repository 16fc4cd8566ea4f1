package org.cometserver.xmlcurl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The mod_xml_curl recordings of a real FreeSWITCH 1.10.12, kept in the repository at {@code testdata/freeswitch}
 * (see {@code testdata/README.md}) so that a clone tests on its own: byte-exact requests ({@code NAME.raw}, one after
 * another) and, in {@code NAME.txt}, what the recording server answered each of them. Maven runs the tests in the
 * module directory, so the repository root is its parent. A missing folder or an empty list fails loudly.
 */
public final class FreeswitchRecordings {
    private static final Pattern CREDENTIALS_EXPECTED = Pattern.compile("\\(expected ([^:\\s]+):([^)\\s]+)\\)");

    private FreeswitchRecordings() {
    }

    /** {@code <repo>/testdata/freeswitch}. */
    public static Path freeswitchDir() {
        Path dir = Path.of("").toAbsolutePath().resolveSibling("testdata").resolve("freeswitch");
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("recordings not found at " + dir);
        }
        return dir;
    }

    /** Every {@code xml-curl-requests/*.raw}, sorted; at least one. */
    public static List<Path> rawFiles() {
        Path dir = freeswitchDir().resolve("xml-curl-requests");
        List<Path> raws;
        try (Stream<Path> files = Files.list(dir)) {
            raws = files.filter(f -> f.toString().endsWith(".raw")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (raws.isEmpty()) {
            throw new IllegalStateException("no *.raw in " + dir);
        }
        return raws;
    }

    /** One recorded request and the response the recording server gave it. */
    public record Exchange(byte[] request, String annotation, int status, String body) {
        public String requestText() {
            return new String(request, StandardCharsets.ISO_8859_1);
        }

        /** The {@code user:password} of the request's {@code Authorization: Basic} header, if any. */
        public Optional<String> basicCredentials() {
            for (String line : requestText().split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith("authorization: basic ")) {
                    byte[] decoded = Base64.getDecoder().decode(line.substring("authorization: basic ".length()));
                    return Optional.of(new String(decoded, StandardCharsets.UTF_8));
                }
            }
            return Optional.empty();
        }

        /** The credentials the recording server demanded when it answered 401 ({@code expected user:password}). */
        public Optional<String> demandedCredentials() {
            Matcher m = CREDENTIALS_EXPECTED.matcher(annotation);
            return m.find() ? Optional.of(m.group(1) + ":" + m.group(2)) : Optional.empty();
        }
    }

    /** The requests of {@code NAME.raw} (at least one), paired in order with the answers noted in {@code NAME.txt}. */
    public static List<Exchange> exchanges(Path raw) {
        try {
            List<byte[]> requests = splitRequests(Files.readAllBytes(raw));
            Path annotated = raw.resolveSibling(raw.getFileName().toString().replaceFirst("\\.raw$", ".txt"));
            List<String[]> responses = annotatedResponses(Files.readString(annotated, StandardCharsets.ISO_8859_1));
            if (requests.isEmpty() || requests.size() != responses.size()) {
                throw new IllegalStateException(raw + ": " + requests.size() + " requests but " + responses.size()
                        + " annotated responses");
            }
            List<Exchange> exchanges = new ArrayList<>();
            for (int i = 0; i < requests.size(); i++) {
                String[] r = responses.get(i);
                exchanges.add(new Exchange(requests.get(i), r[0], Integer.parseInt(r[1]), r[2]));
            }
            return exchanges;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Cuts concatenated HTTP requests apart: header block up to CRLF CRLF, then Content-Length body bytes. */
    public static List<byte[]> splitRequests(byte[] bytes) {
        List<byte[]> requests = new ArrayList<>();
        int start = 0;
        while (start < bytes.length) {
            int headerEnd = indexOf(bytes, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), start);
            if (headerEnd < 0) {
                throw new IllegalStateException("unterminated header block at offset " + start);
            }
            String headers = new String(bytes, start, headerEnd - start, StandardCharsets.ISO_8859_1);
            int end = headerEnd + 4 + contentLength(headers);
            requests.add(Arrays.copyOfRange(bytes, start, end));
            start = end;
        }
        return requests;
    }

    /**
     * The requests of {@code esl-transcripts/06-xml-curl-directory-requests.txt}. That file is a text log of the
     * requests, not their bytes: blocks separated by {@code ----}, LF line ends, and the version on the request line
     * cut to {@code HTTP}. They are restored to what libcurl sends ({@code HTTP/1.1}, CRLF) before replaying.
     */
    public static List<byte[]> eslTranscriptRequests() {
        try {
            String text = Files.readString(freeswitchDir().resolve("esl-transcripts")
                    .resolve("06-xml-curl-directory-requests.txt"), StandardCharsets.ISO_8859_1);
            List<byte[]> requests = new ArrayList<>();
            for (String block : text.split("\n----\n?")) {
                if (block.isBlank()) {
                    continue;
                }
                List<String> lines = new ArrayList<>(Arrays.asList(block.strip().split("\n")));
                lines.set(0, lines.get(0).replaceFirst(" HTTP$", " HTTP/1.1"));
                requests.add((String.join("\r\n", lines) + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            }
            return requests;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Per {@code ===== request} block: {annotation, status code, body}. */
    private static List<String[]> annotatedResponses(String text) {
        List<String[]> responses = new ArrayList<>();
        for (String block : text.split("(?m)^===== request ")) {
            int marker = block.indexOf("\n----- response (");
            if (marker < 0) {
                continue;
            }
            int annotationEnd = block.indexOf('\n', marker + 1);
            String annotation = block.substring(marker + 1, annotationEnd);
            // the response is quoted byte for byte: CRLF line ends, then Content-Length body bytes
            int statusLineEnd = block.indexOf("\r\n", annotationEnd + 1);
            String statusLine = block.substring(annotationEnd + 1, statusLineEnd);
            int headersEnd = block.indexOf("\r\n\r\n", statusLineEnd);
            String headers = block.substring(statusLineEnd + 2, headersEnd);
            int bodyStart = headersEnd + 4;
            String body = block.substring(bodyStart, bodyStart + contentLength(headers));
            responses.add(new String[] {annotation, statusLine.split(" ")[1], body});
        }
        return responses;
    }

    private static int contentLength(String headers) {
        for (String line : headers.split("\r?\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                return Integer.parseInt(line.substring("content-length:".length()).strip());
            }
        }
        return 0;
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
